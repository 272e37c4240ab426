// The card's file system: MF, DF_TELECOM and DF_GSM of TS 51.011 §10 (figure 8) and, on a UICC,
// the USIM ADF of TS 31.102 §4.2, whose SMS and identity EFs are the same files as the 2G ones.
import type { AccessCondition, Profile } from './profile.ts';

/** EF structures (TS 102 221 §8.2, TS 51.011 §9.3). */
export type Structure = 'transparent' | 'linear-fixed' | 'cyclic';

export const MF = '3F00';
/** The USIM ADF's place in the tree; 7FFF also names the current ADF (TS 102 221 §8.3). */
export const ADF_USIM = '3F00/7FFF';
export const DF_TELECOM = '3F00/7F10';
export const DF_GSM = '3F00/7F20';

/** A directory: the MF, a DF, or the USIM ADF. */
export interface DfSpec {
  readonly kind: 'df';
  readonly path: string;
  readonly name: string;
}

/** An elementary file with its access conditions. `shares`: the canonical path of its contents. */
export interface EfSpec {
  readonly kind: 'ef';
  readonly path: string;
  readonly name: string;
  readonly structure: Structure;
  /** Transparent: size in bytes; records: record length. */
  readonly length: number;
  /** Records of a linear fixed or cyclic EF; 1 for transparent EFs. */
  readonly records: number;
  readonly read: AccessCondition;
  readonly update: AccessCondition;
  /** INCREASE (cyclic EFs only, TS 51.011 §9.2.7). */
  readonly increase?: AccessCondition;
  /** Short file identifier (TS 102 221 §8.3), used by READ/UPDATE with SFI. */
  readonly sfi?: number;
  readonly shares?: string;
}

export type FileSpec = DfSpec | EfSpec;

/** Record length of EF_ADN, EF_MSISDN and EF_LND: a 14-byte name and 14 bytes of number. */
export const ADN_ALPHA_LENGTH = 14;
export const ADN_RECORD_LENGTH = ADN_ALPHA_LENGTH + 14;
/** EF_SMSP record: a 12-byte name and 28 bytes of parameters (TS 51.011 §10.5.6). */
export const SMSP_ALPHA_LENGTH = 12;
/** EF_SMS record length (TS 51.011 §10.5.3). */
export const SMS_RECORD_LENGTH = 176;
export const EF_DIR_RECORD_LENGTH = 38;
export const SST_LENGTH = 16;
export const UST_LENGTH = 8;

type Ac = AccessCondition;

function ef(
  path: string,
  name: string,
  shape: readonly [Structure, number, number],
  access: readonly [Ac, Ac, Ac?],
  extra: { sfi?: number; shares?: string } = {},
): EfSpec {
  const [structure, length, records] = shape;
  const [read, update, increase] = access;
  const spec = { kind: 'ef' as const, path, name, structure, length, records, read, update };
  return { ...spec, ...(increase ? { increase } : {}), ...extra };
}

const df = (path: string, name: string): DfSpec => ({ kind: 'df', path, name });

/** Every file of the card a profile describes, parents before children. */
export function cardLayout(profile: Profile): readonly FileSpec[] {
  const sms = profile.smsRecords ?? 10;
  const t = DF_TELECOM;
  const g = DF_GSM;
  const files: FileSpec[] = [
    df(MF, 'MF'),
    ef(`${MF}/2FE2`, 'EF_ICCID', ['transparent', 10, 1], ['ALW', 'NEV'], { sfi: 0x02 }),
    df(t, 'DF_TELECOM'),
    ef(
      `${t}/6F3A`,
      'EF_ADN',
      ['linear-fixed', ADN_RECORD_LENGTH, profile.adnRecords ?? 10],
      ['PIN1', 'PIN1'],
    ),
    ef(`${t}/6F3C`, 'EF_SMS', ['linear-fixed', SMS_RECORD_LENGTH, sms], ['PIN1', 'PIN1']),
    ef(`${t}/6F40`, 'EF_MSISDN', ['linear-fixed', ADN_RECORD_LENGTH, 2], ['PIN1', 'PIN1']),
    ef(`${t}/6F42`, 'EF_SMSP', ['linear-fixed', SMSP_ALPHA_LENGTH + 28, 1], ['PIN1', 'PIN1']),
    ef(`${t}/6F43`, 'EF_SMSS', ['transparent', 2, 1], ['PIN1', 'PIN1']),
    ef(`${t}/6F44`, 'EF_LND', ['cyclic', ADN_RECORD_LENGTH, 5], ['PIN1', 'PIN1']),
    ef(`${t}/6F47`, 'EF_SMSR', ['linear-fixed', 30, sms], ['PIN1', 'PIN1']),
    df(g, 'DF_GSM'),
    ef(`${g}/6F07`, 'EF_IMSI', ['transparent', 9, 1], ['PIN1', 'ADM']),
    ef(`${g}/6F20`, 'EF_KC', ['transparent', 9, 1], ['PIN1', 'PIN1']),
    ef(`${g}/6F38`, 'EF_SST', ['transparent', SST_LENGTH, 1], ['PIN1', 'ADM']),
    ef(`${g}/6F39`, 'EF_ACM', ['cyclic', 3, 5], ['PIN1', 'PIN1', 'PIN1']),
    ef(`${g}/6F78`, 'EF_ACC', ['transparent', 2, 1], ['PIN1', 'ADM']),
    ef(`${g}/6F7E`, 'EF_LOCI', ['transparent', 11, 1], ['PIN1', 'PIN1']),
    ef(`${g}/6FAD`, 'EF_AD', ['transparent', 4, 1], ['ALW', 'ADM']),
  ];
  return profile.uicc ? [...files, ...uiccFiles(files)] : files;
}

function uiccFiles(base: readonly FileSpec[]): FileSpec[] {
  const a = ADF_USIM;
  const share = (fid: string, from: string, sfi?: number): EfSpec => {
    const original = base.find((f): f is EfSpec => f.path === `${from}/${fid}` && f.kind === 'ef');
    if (original === undefined) throw new RangeError(`no ${from}/${fid} to share`);
    const { sfi: _sfi, ...rest } = original;
    return {
      ...rest,
      path: `${a}/${fid}`,
      shares: original.path,
      ...(sfi === undefined ? {} : { sfi }),
    };
  };
  return [
    ef(`${MF}/2F00`, 'EF_DIR', ['linear-fixed', EF_DIR_RECORD_LENGTH, 2], ['ALW', 'ADM'], {
      sfi: 0x1e,
    }),
    df(a, 'ADF_USIM'),
    share('6F07', DF_GSM, 0x07),
    ef(`${a}/6F08`, 'EF_KEYS', ['transparent', 33, 1], ['PIN1', 'PIN1'], { sfi: 0x08 }),
    ef(`${a}/6F38`, 'EF_UST', ['transparent', UST_LENGTH, 1], ['PIN1', 'ADM'], { sfi: 0x04 }),
    share('6F3C', DF_TELECOM),
    share('6F40', DF_TELECOM),
    share('6F42', DF_TELECOM),
    share('6F43', DF_TELECOM),
    share('6F47', DF_TELECOM),
    share('6F78', DF_GSM, 0x06),
    share('6F7E', DF_GSM, 0x0b),
    share('6FAD', DF_GSM, 0x03),
  ];
}

/** The FID (last path component) as a number. */
export const fidOf = (path: string): number => parseInt(path.slice(-4), 16);

/** The parent directory's path, or undefined for the MF. */
export function parentOf(path: string): string | undefined {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? undefined : path.slice(0, cut);
}
