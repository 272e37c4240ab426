// A handset's UICC start-up (ETSI TS 102 221 §14.1, TS 31.102 §5.1.1): the class probe with SELECT
// MF (FCP), EF_ICCID, EF_DIR for the USIM AID, SELECT ADF.USIM, the PIN1 state from the FCP and
// VERIFY / UNBLOCK PIN without data (63 Cx, §11.1.9), and PIN1 verification and unblocking.
import { commandApdu } from '../../protocol/iso7816/apdu.ts';
import { decodeBerTlv, decodeBerTlvSequence } from '../../protocol/tlv/index.ts';
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { SessionChannel } from './card-channel.ts';
import { CLA_ISO, isGsmOnlyAtr, type CardMode } from './card-mode.ts';
import { decodeFcp } from './fcp.ts';
import type { DirectoryResponse } from './file-response.ts';
import { chvBlock, Ins } from './gsm-commands.ts';
import { decodeIccid } from './sim-file-codecs.ts';
import {
  CardStatusError,
  UiccFiles,
  readSelectedRecord,
  readTransparent,
  selectRecords,
  uiccSelect,
} from './sim-files.ts';
import type { CardIdentity, PinOutcome } from './start-up.ts';

/** RID and application code of a 3GPP USIM AID (TS 101 220 annex E, TS 31.102 annex A). */
const USIM_AID_PREFIX = [0xa0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02];
const APPLICATION_TEMPLATE = 0x61;
const AID_TAG = 0x4f;
/** SELECT P1 04: by DF name (AID); P2 04: return the FCP. */
const BY_AID = 0x04;
const RETURN_FCP = 0x04;
/** PIN1 key reference in P2 of VERIFY and UNBLOCK PIN (TS 102 221 §9.5.1). */
const PIN1 = 0x01;
const SW_CLA_NOT_SUPPORTED = 0x6e00;
const SW_INS_NOT_SUPPORTED = 0x6d00;

/**
 * Decides the command set as a phone does: a GSM-only ATR, or SELECT MF with CLA 00 answered
 * 6E 00 / 6D 00, means GSM class A0; an FCP means a UICC.
 */
export async function chooseMode(card: SessionChannel, atr: Uint8Array): Promise<CardMode> {
  if (isGsmOnlyAtr(atr)) return 'gsm';
  const response = await card.exchange(uiccSelect(UiccFiles.mf));
  if (response.sw === SW_CLA_NOT_SUPPORTED || response.sw === SW_INS_NOT_SUPPORTED) return 'gsm';
  if (response.sw !== 0x9000) throw new CardStatusError(response.sw, 'SELECT MF');
  return 'uicc';
}

/** The USIM AID from the first EF_DIR record naming a 3GPP USIM. */
export async function findUsimAid(card: SessionChannel): Promise<Uint8Array> {
  const dir = await selectRecords(card, UiccFiles.dir);
  for (let record = 1; record <= dir.records; record++) {
    const response = await readSelectedRecord(card, dir, record);
    if (response.sw !== 0x9000) break;
    const aid = aidOf(response.data);
    if (aid !== undefined && USIM_AID_PREFIX.every((b, i) => aid[i] === b)) return aid;
  }
  throw new CardStatusError(0x6a82, 'no USIM in EF_DIR');
}

/** The AID (tag 4F) of an EF_DIR record (TS 102 221 §13.1), or undefined when the record is free. */
export function aidOf(record: Uint8Array): Uint8Array | undefined {
  if (record[0] !== APPLICATION_TEMPLATE || record.length < 2) return undefined;
  try {
    const template = decodeBerTlv(record.subarray(0, 2 + record[1]!));
    return decodeBerTlvSequence(template.value).find((t) => t.tag === AID_TAG)?.value;
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}

/** EF_ICCID, the USIM selected by AID, and the PIN1 and PUK1 state. */
export async function identifyUicc(card: SessionChannel, atr: Uint8Array): Promise<CardIdentity> {
  const iccid = decodeIccid(await readTransparent(card, UiccFiles.iccid));
  const aid = await findUsimAid(card);
  const adf = await card.exchange(commandApdu(CLA_ISO, Ins.select, BY_AID, RETURN_FCP, aid));
  if (adf.sw !== 0x9000) throw new CardStatusError(adf.sw, 'SELECT ADF.USIM');
  const fcp = decodeFcp(adf.data);
  if (fcp.kind !== 'directory') throw new CardStatusError(0x6981, 'ADF.USIM is not a directory');
  return { atr, iccid, mode: 'uicc', chv1: await pinState(card, fcp.pin1Enabled) };
}

async function pinState(
  card: SessionChannel,
  enabled: boolean,
): Promise<Omit<DirectoryResponse, 'kind'>> {
  const pin = await card.exchange(commandApdu(CLA_ISO, Ins.verifyChv, 0, PIN1));
  const puk = await card.exchange(commandApdu(CLA_ISO, Ins.unblockChv, 0, PIN1));
  return {
    chv1Enabled: enabled,
    chv1Attempts: retriesOf(pin.sw),
    unblockAttempts: retriesOf(puk.sw),
  };
}

/** 63 Cx: x tries left; 69 83: blocked; 90 00 (already verified) tells no count: 3 is assumed. */
function retriesOf(sw: number): number {
  if ((sw & 0xfff0) === 0x63c0) return sw & 0x0f;
  if (sw === 0x9000) return 3;
  return 0;
}

function outcomeOf(sw: number): PinOutcome {
  if (sw === 0x9000) return { kind: 'accepted' };
  const left = retriesOf(sw);
  return left === 0 ? { kind: 'blocked' } : { kind: 'rejected', attemptsLeft: left };
}

/** VERIFY PIN1 (TS 102 221 §11.1.9). */
export async function verifyUiccPin(card: SessionChannel, pin: string): Promise<PinOutcome> {
  const response = await card.exchange(commandApdu(CLA_ISO, Ins.verifyChv, 0, PIN1, chvBlock(pin)));
  return outcomeOf(response.sw);
}

/** UNBLOCK PIN1 (TS 102 221 §11.1.13) with a new PIN. */
export async function unblockUiccPin(
  card: SessionChannel,
  puk: string,
  newPin: string,
): Promise<PinOutcome> {
  const data = new Uint8Array(16);
  data.set(chvBlock(puk));
  data.set(chvBlock(newPin), 8);
  const response = await card.exchange(commandApdu(CLA_ISO, Ins.unblockChv, 0, PIN1, data));
  return outcomeOf(response.sw);
}
