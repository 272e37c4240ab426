// A stored short message as EF_SMS holds it (3GPP TS 51.011 §10.5.3): status byte, the service
// centre as an RP address (TS 24.011 §8.2.5.1), the TPDU, FF padding to 176 bytes. The status
// values map to the TS 27.005 §3.1 <stat> values the AT interface reports.
import { ByteReader, ByteWriter } from '../../protocol/bytes/index.ts';
import {
  formatAddress,
  phoneAddress,
  readRpAddress,
  writeRpAddress,
} from '../../protocol/sms/address.ts';
import { readTpdu } from '../../protocol/sms/tpdu.ts';

/** TS 27.005 <stat>: 0 received unread, 1 received read, 2 stored unsent, 3 stored sent. */
export type SmsStatus = 0 | 1 | 2 | 3;

/** A message in SIM or handset storage. */
export interface StoredSms {
  readonly status: SmsStatus;
  /** `+` international; '' when unknown. */
  readonly serviceCentre: string;
  /** SMS-DELIVER (status 0, 1) or SMS-SUBMIT (status 2, 3). */
  readonly tpdu: Uint8Array;
}

/** EF_SMS record length. */
export const SMS_RECORD_LENGTH = 176;

const EF_STATUS: Readonly<Record<SmsStatus, number>> = { 0: 0x03, 1: 0x01, 2: 0x07, 3: 0x05 };

/** True when a record's status byte marks it free (b1 = 0). */
export function isFreeRecord(record: Uint8Array): boolean {
  return ((record[0] ?? 0) & 1) === 0;
}

/** A free record of `length` bytes: 00 then FF. */
export function freeRecord(length = SMS_RECORD_LENGTH): Uint8Array {
  const out = new Uint8Array(length).fill(0xff);
  out[0] = 0;
  return out;
}

/** Decodes a used record; undefined for a free one. DecodeError when the TPDU is malformed. */
export function decodeSmsRecord(record: Uint8Array): StoredSms | undefined {
  if (isFreeRecord(record)) return undefined;
  const statusByte = record[0]! & 0x07;
  const status: SmsStatus =
    statusByte === 0x03 ? 0 : statusByte === 0x01 ? 1 : statusByte === 0x07 ? 2 : 3;
  const reader = new ByteReader(record.subarray(1), 'SMS');
  const sc = readRpAddress(reader);
  const start = reader.offset;
  readTpdu(reader, status <= 1 ? 'mt' : 'mo');
  const tpdu = record.slice(1 + start, 1 + reader.offset);
  return { status, serviceCentre: sc === undefined ? '' : formatAddress(sc), tpdu };
}

/** Encodes a record of `length` bytes. RangeError when the message does not fit. */
export function encodeSmsRecord(sms: StoredSms, length = SMS_RECORD_LENGTH): Uint8Array {
  const w = new ByteWriter(length);
  w.u8(EF_STATUS[sms.status]);
  writeRpAddress(w, sms.serviceCentre === '' ? undefined : phoneAddress(sms.serviceCentre));
  w.bytes(sms.tpdu);
  const body = w.finish();
  if (body.length > length)
    throw new RangeError(`message of ${body.length} bytes exceeds the record`);
  const out = new Uint8Array(length).fill(0xff);
  out.set(body);
  return out;
}
