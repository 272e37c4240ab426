// 3GPP TS 27.005 §3 PDU mode (AT+CMGS, AT+CMGW, AT+CMGR, +CMT): the service centre address in
// its TS 24.011 §8.2.5.1 RP form (00 = the default one) followed by the TPDU.
import { ByteReader, ByteWriter } from '../bytes/index.ts';
import { readRpAddress, writeRpAddress, type SmsAddress } from './address.ts';
import { MAX_TPDU_LENGTH } from './tpdu-limits.ts';
import {
  readTpdu,
  writeTpdu,
  type DecodeTpduOptions,
  type SmsDirection,
  type Tpdu,
} from './tpdu.ts';

/** A TPDU with the service centre it goes to or came from, as AT commands carry it. */
export interface PduWithSmsc {
  /** Absent when the PDU starts with 00 (use the service centre stored in the phone). */
  readonly serviceCentre?: SmsAddress;
  readonly tpdu: Tpdu;
}

/** Longest PDU: a 12-octet service centre address and the longest TPDU. */
export const MAX_PDU_WITH_SMSC_LENGTH = 12 + MAX_TPDU_LENGTH;

/** Decodes `SCA || TPDU`, rejecting trailing bytes. */
export function decodePduWithSmsc(
  bytes: Uint8Array,
  direction: SmsDirection,
  options: DecodeTpduOptions = {},
): PduWithSmsc {
  const reader = new ByteReader(bytes, 'SMS');
  if (bytes.length > MAX_PDU_WITH_SMSC_LENGTH) {
    reader.fail('TOO_LONG', `${bytes.length} octets exceed ${MAX_PDU_WITH_SMSC_LENGTH}`);
  }
  const serviceCentre = readRpAddress(reader);
  const tpdu = readTpdu(reader, direction, options);
  reader.expectEnd(tpdu.type);
  return serviceCentre === undefined ? { tpdu } : { serviceCentre, tpdu };
}

/** Encodes `SCA || TPDU`; a missing service centre is written as 00. */
export function encodePduWithSmsc(pdu: PduWithSmsc): Uint8Array {
  const writer = new ByteWriter(MAX_PDU_WITH_SMSC_LENGTH);
  writeRpAddress(writer, pdu.serviceCentre);
  writeTpdu(writer, pdu.tpdu);
  return writer.finish();
}

/** The `<length>` of AT+CMGS/AT+CMGW: TPDU octets, not counting the service centre address. */
export function atPduLength(pdu: Uint8Array): number {
  const scLength = pdu[0] ?? 0;
  return Math.max(0, pdu.length - 1 - scLength);
}
