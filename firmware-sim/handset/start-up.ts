// A handset's SIM start-up (3GPP TS 51.011 §11.2.1, TS 51.014 §5.2; for a UICC TS 31.102 §5.1.1):
// the command set, EF_ICCID and the PIN state, PIN verification when enabled, the subscriber files
// (EF_SST or EF_UST), then TERMINAL PROFILE.
import { encodeTerminalProfile, terminalProfile } from '../../protocol/cat/index.ts';
import { commandApdu } from '../../protocol/iso7816/apdu.ts';
import type { SessionChannel } from './card-channel.ts';
import { CLA_UICC_PROPRIETARY, type CardMode } from './card-mode.ts';
import type { DirectoryResponse } from './file-response.ts';
import { Ins, status, terminalProfileCommand, unblockChv1, verifyChv1 } from './gsm-commands.ts';
import {
  SstService,
  UstService,
  ustHasService,
  decodeAdnNumber,
  decodeIccid,
  decodeImsi,
  decodeSmspServiceCentre,
  sstHasService,
} from './sim-file-codecs.ts';
import {
  CardStatusError,
  Files,
  UiccFiles,
  readSelectedRecord,
  readTransparent,
  selectPath,
  selectRecords,
} from './sim-files.ts';
import { chooseMode, identifyUicc, unblockUiccPin, verifyUiccPin } from './uicc-start-up.ts';

/** What power-on learns before any PIN: the ATR, the command set, the ICCID and the PIN1 state. */
export interface CardIdentity {
  readonly atr: Uint8Array;
  readonly mode: CardMode;
  readonly iccid: string;
  readonly chv1: Omit<DirectoryResponse, 'kind'>;
}

/** The subscriber files read once CHV1 is satisfied. */
export interface Subscriber {
  readonly imsi: string;
  readonly msisdn: string;
  readonly serviceCentre: string;
  readonly smsRecords: number;
  readonly smsPpDownload: boolean;
  readonly moSmsControl: boolean;
}

/** The toolkit facilities this handset implements (TS 102 223 §5.2). */
export const HANDSET_PROFILE = encodeTerminalProfile(
  terminalProfile(
    'profileDownload',
    'smsPpDataDownload',
    'menuSelection',
    'commandResult',
    'moShortMessageControl',
    'displayText',
    'getInput',
    'moreTime',
    'refresh',
    'selectItem',
    'sendShortMessage',
    'setUpCall',
    'setUpMenu',
    'sendDtmf',
  ),
);

/** Chooses the command set, then identifies the card in it (the channel must have been reset). */
export async function identifyCard(card: SessionChannel, atr: Uint8Array): Promise<CardIdentity> {
  const mode = await chooseMode(card, atr);
  const inMode = { ...card, mode };
  return mode === 'uicc' ? identifyUicc(inMode, atr) : identifyGsm(inMode, atr);
}

/** Reads EF_ICCID, then selects DF_GSM for the CHV1 state. */
async function identifyGsm(card: SessionChannel, atr: Uint8Array): Promise<CardIdentity> {
  const iccid = decodeIccid(await readTransparent(card, Files.iccid));
  const gsm = await selectPath(card, Files.gsm);
  if (gsm.kind !== 'directory') throw new CardStatusError(0x6981, 'DF_GSM is not a directory');
  const { kind: _kind, ...chv1 } = gsm;
  return { atr, mode: 'gsm', iccid, chv1 };
}

/** The result of VERIFY or UNBLOCK CHV1 with the attempts left afterwards. */
export type PinOutcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'rejected'; readonly attemptsLeft: number }
  | { readonly kind: 'blocked' };

/** Status words of a wrong CHV with attempts left (GSM 98 04, UICC 63 Cx), or blocked (98 40, 69 83). */
function pinOutcome(sw: number, attemptsLeft: number): PinOutcome {
  if (sw === 0x9000) return { kind: 'accepted' };
  if (sw === 0x9840 || sw === 0x6983 || attemptsLeft === 0) return { kind: 'blocked' };
  return { kind: 'rejected', attemptsLeft };
}

async function chv1Attempts(card: SessionChannel): Promise<DirectoryResponse> {
  const df = await selectPath(card, Files.gsm);
  if (df.kind !== 'directory') throw new CardStatusError(0x6981, 'DF_GSM is not a directory');
  return df;
}

/** VERIFY CHV1 (TS 51.011 §9.2.9) or PIN1 (TS 102 221 §11.1.9). */
export async function verifyPin(card: SessionChannel, pin: string): Promise<PinOutcome> {
  if (card.mode === 'uicc') return verifyUiccPin(card, pin);
  const response = await card.exchange(verifyChv1(pin));
  if (response.sw === 0x9000) return { kind: 'accepted' };
  return pinOutcome(response.sw, (await chv1Attempts(card)).chv1Attempts);
}

/** UNBLOCK CHV1 (TS 51.011 §9.2.13), setting a new PIN. */
export async function unblockPin(
  card: SessionChannel,
  puk: string,
  newPin: string,
): Promise<PinOutcome> {
  if (card.mode === 'uicc') return unblockUiccPin(card, puk, newPin);
  const response = await card.exchange(unblockChv1(puk, newPin));
  if (response.sw === 0x9000) return { kind: 'accepted' };
  const attempts = (await chv1Attempts(card)).unblockAttempts;
  return pinOutcome(response.sw, attempts);
}

/** Reads EF_IMSI, EF_SST (GSM) or EF_UST (UICC), EF_MSISDN, EF_SMSP and the size of EF_SMS. */
export async function readSubscriber(card: SessionChannel): Promise<Subscriber> {
  const uicc = card.mode === 'uicc';
  const files = uicc ? { ...UiccFiles, sst: UiccFiles.ust } : Files;
  const imsi = decodeImsi(await readTransparent(card, files.imsi));
  const table = await optional(() => readTransparent(card, files.sst), new Uint8Array(0));
  const msisdn = await optional(() => firstRecord(card, files.msisdn, decodeAdnNumber), '');
  const serviceCentre = await optional(
    async () => (await firstRecord(card, files.smsp, decodeSmspServiceCentre)) ?? '',
    '',
  );
  const sms = await optional(() => selectRecords(card, files.sms), { recordLength: 0, records: 0 });
  const has = (gsm: number, usim: number): boolean =>
    uicc ? ustHasService(table, usim) : sstHasService(table, gsm);
  return {
    imsi,
    msisdn,
    serviceCentre,
    smsRecords: sms.records,
    smsPpDownload: has(SstService.dataDownloadViaSmsPp, UstService.dataDownloadViaSmsPp),
    moSmsControl: has(SstService.moSmsControl, UstService.moSmsControl),
  };
}

/** Sends TERMINAL PROFILE (TS 51.014 §11.2) and one STATUS, as a handset does before polling. */
export async function downloadProfile(card: SessionChannel): Promise<number> {
  const response = await card.exchange(terminalProfileCommand(HANDSET_PROFILE, card.mode));
  return response.sw;
}

/** STATUS P2 0C: no data returned (TS 102 221 §11.1.2). */
const NO_DATA_RETURNED = 0x0c;

/** STATUS (TS 51.011 §9.2.2, TS 102 221 §11.1.2), the proactive poll: resolves to the status word. */
export async function pollStatus(card: SessionChannel): Promise<number> {
  const poll =
    card.mode === 'uicc'
      ? commandApdu(CLA_UICC_PROPRIETARY, Ins.status, 0, NO_DATA_RETURNED)
      : status(0x16);
  const response = await card.exchange(poll);
  return response.sw;
}

async function firstRecord<T>(
  card: SessionChannel,
  path: readonly number[],
  decode: (record: Uint8Array) => T,
): Promise<T> {
  const file = await selectRecords(card, path);
  const response = await readSelectedRecord(card, file, 1);
  if (response.sw !== 0x9000) throw new CardStatusError(response.sw, 'READ RECORD');
  return decode(response.data);
}

async function optional<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof CardStatusError) return fallback;
    throw error;
  }
}
