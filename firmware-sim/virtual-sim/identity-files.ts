// Initial EF contents from a profile's identity fields: EF_ICCID (TS 102 221 §13.2), EF_IMSI
// (TS 51.011 §10.3.2), EF_ADN/EF_MSISDN (§10.5.1, §10.5.5), EF_SMSP (§10.5.6), EF_SST (§10.3.7),
// EF_UST (TS 31.102 §4.2.8), EF_AD, EF_ACC, EF_LOCI, EF_KC, EF_KEYS and EF_DIR (TS 102 221 §13.1).
import { concatBytes, encodeSwappedBcd, fromHex } from '../../protocol/bytes/index.ts';
import { encodeSimAlphabet } from '../../protocol/cat/sim-alphabet.ts';
import {
  ADN_ALPHA_LENGTH,
  ADN_RECORD_LENGTH,
  EF_DIR_RECORD_LENGTH,
  SMSP_ALPHA_LENGTH,
  SST_LENGTH,
  UST_LENGTH,
  type EfSpec,
} from './file-layout.ts';
import type { AdnEntry, Profile, SmsParameters } from './profile.ts';

/** The default USIM AID: RID A000000087, application code 1002 (TS 101 220 Annex E). */
export const DEFAULT_USIM_AID = 'A0000000871002FFFFFFFF8900000100';

/** Bytes of `length`, all FF, with `head` at the start (RangeError when it does not fit). */
export function padded(head: Uint8Array, length: number): Uint8Array {
  if (head.length > length) throw new RangeError(`${head.length} bytes do not fit in ${length}`);
  const out = new Uint8Array(length).fill(0xff);
  out.set(head);
  return out;
}

/** A number with `+` for international as TON/NPI and swapped BCD (TS 24.008 §10.5.4.7). */
export function dialNumber(number: string): Uint8Array {
  const international = number.startsWith('+');
  const digits = international ? number.slice(1) : number;
  return concatBytes(Uint8Array.of(international ? 0x91 : 0x81), encodeSwappedBcd(digits));
}

/** An EF_ADN-format record: alpha identifier, BCD length, TON/NPI, 10 digit bytes, CCP, EXT. */
export function adnRecord(entry: AdnEntry): Uint8Array {
  const alpha = padded(encodeSimAlphabet(entry.alpha), ADN_ALPHA_LENGTH);
  const number = dialNumber(entry.number);
  const numberPart = concatBytes(Uint8Array.of(number.length), padded(number, 11));
  return padded(concatBytes(alpha, numberPart), ADN_RECORD_LENGTH);
}

/** EF_IMSI: length, then parity/type nibble 9 (odd) or 1 (even) and the digits (TS 24.008 §10.5.1.4). */
export function imsiFile(imsi: string): Uint8Array {
  const bcd = encodeSwappedBcd((imsi.length % 2 === 1 ? '9' : '1') + imsi);
  return padded(concatBytes(Uint8Array.of(bcd.length), bcd), 9);
}

/** EF_SMSP record: SC address, PID, DCS and VP present; TP-DA absent (indicator bit 1 set). */
export function smspRecord(smsp: SmsParameters): Uint8Array {
  const alpha = padded(encodeSimAlphabet(smsp.alpha ?? ''), SMSP_ALPHA_LENGTH);
  const sc = dialNumber(smsp.serviceCentre);
  const scField = padded(concatBytes(Uint8Array.of(sc.length), sc), 12);
  const tail = Uint8Array.of(
    smsp.protocolId ?? 0,
    smsp.dataCoding ?? 0,
    smsp.validityPeriod ?? 0xa7,
  );
  return concatBytes(alpha, Uint8Array.of(0xe1), padded(new Uint8Array(0), 12), scField, tail);
}

/** EF_SST: two bits per service, b1 allocated and b2 activated (TS 51.011 §10.3.7). */
export function sstFile(services: readonly number[]): Uint8Array {
  const out = new Uint8Array(SST_LENGTH);
  for (const n of services) out[(n - 1) >> 2]! |= 3 << (2 * ((n - 1) & 3));
  return out;
}

/** EF_UST: one bit per service, service 1 in b1 of byte 1 (TS 31.102 §4.2.8). */
export function ustFile(services: readonly number[]): Uint8Array {
  const out = new Uint8Array(UST_LENGTH);
  for (const n of services) out[(n - 1) >> 3]! |= 1 << ((n - 1) & 7);
  return out;
}

/** MCC and MNC (2 digits) from the IMSI, coded as in TS 24.008 §10.5.1.3. */
export function plmnOf(imsi: string): Uint8Array {
  const d = (i: number): number => Number(imsi[i] ?? '0');
  return Uint8Array.of((d(1) << 4) | d(0), 0xf0 | d(2), (d(4) << 4) | d(3));
}

/** EF_ACC: the access class of the last IMSI digit (TS 22.011 §4.2, TS 51.011 §10.3.15). */
export function accFile(imsi: string): Uint8Array {
  const accessClass = Number(imsi[imsi.length - 1] ?? '0');
  const bits = 1 << accessClass;
  return Uint8Array.of(bits >> 8, bits & 0xff);
}

function dirRecord(aid: string): Uint8Array {
  const id = fromHex(aid);
  const label = Uint8Array.from('USIM', (c) => c.charCodeAt(0));
  const body = concatBytes(
    Uint8Array.of(0x4f, id.length),
    id,
    Uint8Array.of(0x50, label.length),
    label,
  );
  return padded(concatBytes(Uint8Array.of(0x61, body.length), body), EF_DIR_RECORD_LENGTH);
}

const filled = (length: number, head: readonly number[] = []): Uint8Array =>
  padded(Uint8Array.from(head), length);

/** The initial contents of a transparent EF, by its FID name. */
export function initialBinary(spec: EfSpec, profile: Profile): Uint8Array {
  switch (spec.name) {
    case 'EF_ICCID':
      return padded(encodeSwappedBcd(profile.iccid), 10);
    case 'EF_IMSI':
      return imsiFile(profile.imsi);
    case 'EF_SST':
      return sstFile(profile.sstServices);
    case 'EF_UST':
      return ustFile(profile.ustServices);
    case 'EF_SMSS':
      return Uint8Array.of(0x00, 0xff);
    case 'EF_AD':
      return Uint8Array.of(0x00, 0x00, 0x00, 0x02);
    case 'EF_ACC':
      return accFile(profile.imsi);
    case 'EF_LOCI':
      return concatBytes(filled(4), plmnOf(profile.imsi), Uint8Array.of(0xff, 0xfe, 0xff, 0x01));
    case 'EF_KC':
      return filled(9, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x07]);
    case 'EF_KEYS':
      return filled(33, [0x07]);
    default:
      return filled(spec.length);
  }
}

/** The initial records of a linear fixed or cyclic EF. */
export function initialRecords(spec: EfSpec, profile: Profile): Uint8Array[] {
  const out = Array.from({ length: spec.records }, () =>
    filled(spec.length, initialHead(spec.name)),
  );
  const fill = (records: readonly Uint8Array[]): Uint8Array[] => out.map((r, i) => records[i] ?? r);
  switch (spec.name) {
    case 'EF_ADN':
      return fill(profile.adn.map(adnRecord));
    case 'EF_MSISDN':
      return fill([adnRecord({ alpha: '', number: profile.msisdn })]);
    case 'EF_SMSP':
      return fill([smspRecord(profile.smsp)]);
    case 'EF_DIR':
      return fill([dirRecord(profile.usimAid ?? DEFAULT_USIM_AID)]);
    default:
      return out;
  }
}

/** First bytes of an empty record: EF_SMS status 00 (free), EF_SMSR id 00, EF_ACM zero units. */
function initialHead(name: string): number[] {
  if (name === 'EF_SMS' || name === 'EF_SMSR') return [0x00];
  if (name === 'EF_ACM') return [0x00, 0x00, 0x00];
  return [];
}
