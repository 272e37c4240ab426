// 3GPP TS 23.040 §9.2.2.2 SMS-SUBMIT (mobile -> service centre): first octet, TP-MR, TP-DA,
// TP-PID, TP-DCS, TP-VP in the format TP-VPF selects, and the user data.
import { ByteReader, ByteWriter } from '../bytes/index.ts';
import { readTpAddress, writeTpAddress, type SmsAddress } from './address.ts';
import { decodeDcs, encodeDcs, type Dcs } from './dcs.ts';
import { MAX_TPDU_LENGTH, checkTpduLength, flag } from './tpdu-limits.ts';
import { readUserData, writeUserData, type UserData } from './user-data.ts';
import {
  readValidityPeriod,
  validityPeriodFormat,
  writeValidityPeriod,
  type ValidityPeriod,
} from './validity-period.ts';

/** SMS-SUBMIT: a short message from the mobile to the service centre. */
export interface SmsSubmit {
  readonly type: 'submit';
  /** TP-RD: the service centre should reject a duplicate (same TP-MR and TP-DA). */
  readonly rejectDuplicates: boolean;
  /** TP-RP. */
  readonly replyPath: boolean;
  /** TP-SRR. */
  readonly statusReportRequest: boolean;
  /** TP-MR, 0-255. */
  readonly messageReference: number;
  /** TP-DA. */
  readonly destination: SmsAddress;
  readonly pid: number;
  readonly dcs: Dcs;
  readonly validityPeriod: ValidityPeriod;
  readonly userData: UserData;
}

/** Reads an SMS-SUBMIT whose first octet has MTI 01. */
export function readSmsSubmit(reader: ByteReader): SmsSubmit {
  const fo = reader.u8();
  const messageReference = reader.u8();
  const destination = readTpAddress(reader);
  const pid = reader.u8();
  const dcs = decodeDcs(reader.u8());
  const validityPeriod = readValidityPeriod(reader, (fo >> 3) & 3);
  const userData = readUserData(reader, dcs, flag(fo, 6));
  return {
    type: 'submit',
    rejectDuplicates: flag(fo, 2),
    replyPath: flag(fo, 7),
    statusReportRequest: flag(fo, 5),
    messageReference,
    destination,
    pid,
    dcs,
    validityPeriod,
    userData,
  };
}

/** Writes an SMS-SUBMIT. */
export function writeSmsSubmit(writer: ByteWriter, tpdu: SmsSubmit): void {
  writer.u8(
    0x01 |
      (tpdu.replyPath ? 0x80 : 0) |
      (tpdu.userData.header !== undefined ? 0x40 : 0) |
      (tpdu.statusReportRequest ? 0x20 : 0) |
      (validityPeriodFormat(tpdu.validityPeriod) << 3) |
      (tpdu.rejectDuplicates ? 0x04 : 0),
  );
  writer.u8(tpdu.messageReference);
  writeTpAddress(writer, tpdu.destination);
  writer.u8(tpdu.pid).u8(encodeDcs(tpdu.dcs));
  writeValidityPeriod(writer, tpdu.validityPeriod);
  writeUserData(writer, tpdu.dcs, tpdu.userData);
}

/** Decodes exactly one SMS-SUBMIT. */
export function decodeSmsSubmit(bytes: Uint8Array): SmsSubmit {
  checkTpduLength(bytes);
  const reader = new ByteReader(bytes, 'SMS');
  if ((reader.peekU8() & 3) !== 1) reader.fail('BAD_MTI', 'not an SMS-SUBMIT (MTI 01)');
  const tpdu = readSmsSubmit(reader);
  reader.expectEnd('SMS-SUBMIT');
  return tpdu;
}

/** Encodes an SMS-SUBMIT. */
export function encodeSmsSubmit(tpdu: SmsSubmit): Uint8Array {
  const writer = new ByteWriter(MAX_TPDU_LENGTH);
  writeSmsSubmit(writer, tpdu);
  return writer.finish();
}
