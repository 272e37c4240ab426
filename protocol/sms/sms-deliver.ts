// 3GPP TS 23.040 §9.2.2.1 SMS-DELIVER (service centre -> mobile): first octet, TP-OA, TP-PID,
// TP-DCS, TP-SCTS and the user data.
import { ByteReader, ByteWriter } from '../bytes/index.ts';
import { readTpAddress, writeTpAddress, type SmsAddress } from './address.ts';
import { decodeDcs, encodeDcs, type Dcs } from './dcs.ts';
import { readTimestamp, writeTimestamp, type SmsTimestamp } from './timestamp.ts';
import { readUserData, writeUserData, type UserData } from './user-data.ts';
import { MAX_TPDU_LENGTH, checkTpduLength, flag } from './tpdu-limits.ts';

/** SMS-DELIVER: a short message from the service centre to the mobile. */
export interface SmsDeliver {
  readonly type: 'deliver';
  /** TP-RP: a reply path is set up. */
  readonly replyPath: boolean;
  /** TP-SRI: the sender asked for a status report. */
  readonly statusReportIndication: boolean;
  /** TP-LP: loop prevention. */
  readonly loopPrevention: boolean;
  /** TP-MMS inverted: true when the service centre has more messages waiting. */
  readonly moreMessagesToSend: boolean;
  /** TP-OA. */
  readonly originator: SmsAddress;
  /** TP-PID (0x7F = (U)SIM data download). */
  readonly pid: number;
  readonly dcs: Dcs;
  /** TP-SCTS. */
  readonly timestamp: SmsTimestamp;
  readonly userData: UserData;
}

/** Reads an SMS-DELIVER whose first octet has MTI 00. */
export function readSmsDeliver(reader: ByteReader): SmsDeliver {
  const fo = reader.u8();
  const originator = readTpAddress(reader);
  const pid = reader.u8();
  const dcs = decodeDcs(reader.u8());
  const timestamp = readTimestamp(reader);
  const userData = readUserData(reader, dcs, flag(fo, 6));
  return {
    type: 'deliver',
    replyPath: flag(fo, 7),
    statusReportIndication: flag(fo, 5),
    loopPrevention: flag(fo, 3),
    moreMessagesToSend: !flag(fo, 2),
    originator,
    pid,
    dcs,
    timestamp,
    userData,
  };
}

/** Writes an SMS-DELIVER. */
export function writeSmsDeliver(writer: ByteWriter, tpdu: SmsDeliver): void {
  writer.u8(
    (tpdu.replyPath ? 0x80 : 0) |
      (tpdu.userData.header !== undefined ? 0x40 : 0) |
      (tpdu.statusReportIndication ? 0x20 : 0) |
      (tpdu.loopPrevention ? 0x08 : 0) |
      (tpdu.moreMessagesToSend ? 0 : 0x04),
  );
  writeTpAddress(writer, tpdu.originator);
  writer.u8(tpdu.pid).u8(encodeDcs(tpdu.dcs));
  writeTimestamp(writer, tpdu.timestamp);
  writeUserData(writer, tpdu.dcs, tpdu.userData);
}

/** Decodes exactly one SMS-DELIVER. */
export function decodeSmsDeliver(bytes: Uint8Array): SmsDeliver {
  checkTpduLength(bytes);
  const reader = new ByteReader(bytes, 'SMS');
  if ((reader.peekU8() & 3) !== 0) reader.fail('BAD_MTI', 'not an SMS-DELIVER (MTI 00)');
  const tpdu = readSmsDeliver(reader);
  reader.expectEnd('SMS-DELIVER');
  return tpdu;
}

/** Encodes an SMS-DELIVER. */
export function encodeSmsDeliver(tpdu: SmsDeliver): Uint8Array {
  const writer = new ByteWriter(MAX_TPDU_LENGTH);
  writeSmsDeliver(writer, tpdu);
  return writer.finish();
}
