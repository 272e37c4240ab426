// 3GPP TS 23.040 §9.2.2.3 SMS-STATUS-REPORT (service centre -> mobile): TP-MR, TP-RA, TP-SCTS,
// TP-DT, TP-ST, then an optional TP-PI with the parameters it announces.
import { ByteReader, ByteWriter } from '../bytes/index.ts';
import { readTpAddress, writeTpAddress, type SmsAddress } from './address.ts';
import {
  hasOptionalParameters,
  readOptionalParameters,
  udhiBit,
  writeOptionalParameters,
  type OptionalParameters,
} from './parameter-indicator.ts';
import { readTimestamp, writeTimestamp, type SmsTimestamp } from './timestamp.ts';
import { MAX_TPDU_LENGTH, checkTpduLength, flag } from './tpdu-limits.ts';

/** TP-ST values (§9.2.3.15) that name common outcomes; any 0-255 value may occur. */
export const TpStatus = {
  received: 0x00,
  forwardedUnconfirmed: 0x01,
  replaced: 0x02,
  congestion: 0x20,
  smeBusy: 0x21,
  remoteProcedureError: 0x40,
  incompatibleDestination: 0x41,
  validityExpired: 0x46,
  deletedByOriginator: 0x47,
} as const;

/** SMS-STATUS-REPORT: the outcome of an earlier SMS-SUBMIT or SMS-COMMAND. */
export interface SmsStatusReport extends OptionalParameters {
  readonly type: 'statusReport';
  /** TP-SRQ: false = about an SMS-SUBMIT, true = about an SMS-COMMAND. */
  readonly aboutCommand: boolean;
  readonly loopPrevention: boolean;
  /** TP-MMS inverted. */
  readonly moreMessagesToSend: boolean;
  /** TP-MR of the message this report is about. */
  readonly messageReference: number;
  /** TP-RA: the recipient. */
  readonly recipient: SmsAddress;
  /** TP-SCTS of the original message. */
  readonly timestamp: SmsTimestamp;
  /** TP-DT: when the outcome in `status` happened. */
  readonly dischargeTime: SmsTimestamp;
  /** TP-ST. */
  readonly status: number;
}

/** Reads an SMS-STATUS-REPORT whose first octet has MTI 10. */
export function readSmsStatusReport(reader: ByteReader): SmsStatusReport {
  const fo = reader.u8();
  const messageReference = reader.u8();
  const recipient = readTpAddress(reader);
  const timestamp = readTimestamp(reader);
  const dischargeTime = readTimestamp(reader);
  const status = reader.u8();
  const params = reader.atEnd ? {} : readOptionalParameters(reader, flag(fo, 6));
  return {
    type: 'statusReport',
    aboutCommand: flag(fo, 5),
    loopPrevention: flag(fo, 3),
    moreMessagesToSend: !flag(fo, 2),
    messageReference,
    recipient,
    timestamp,
    dischargeTime,
    status,
    ...params,
  };
}

/** Writes an SMS-STATUS-REPORT; TP-PI only when a parameter follows it. */
export function writeSmsStatusReport(writer: ByteWriter, tpdu: SmsStatusReport): void {
  writer.u8(
    0x02 |
      udhiBit(tpdu) |
      (tpdu.aboutCommand ? 0x20 : 0) |
      (tpdu.loopPrevention ? 0x08 : 0) |
      (tpdu.moreMessagesToSend ? 0 : 0x04),
  );
  writer.u8(tpdu.messageReference);
  writeTpAddress(writer, tpdu.recipient);
  writeTimestamp(writer, tpdu.timestamp);
  writeTimestamp(writer, tpdu.dischargeTime);
  writer.u8(tpdu.status);
  if (hasOptionalParameters(tpdu)) writeOptionalParameters(writer, tpdu);
}

/** Decodes exactly one SMS-STATUS-REPORT. */
export function decodeSmsStatusReport(bytes: Uint8Array): SmsStatusReport {
  checkTpduLength(bytes);
  const reader = new ByteReader(bytes, 'SMS');
  if ((reader.peekU8() & 3) !== 2) reader.fail('BAD_MTI', 'not an SMS-STATUS-REPORT (MTI 10)');
  const tpdu = readSmsStatusReport(reader);
  reader.expectEnd('SMS-STATUS-REPORT');
  return tpdu;
}

/** Encodes an SMS-STATUS-REPORT. */
export function encodeSmsStatusReport(tpdu: SmsStatusReport): Uint8Array {
  const writer = new ByteWriter(MAX_TPDU_LENGTH);
  writeSmsStatusReport(writer, tpdu);
  return writer.finish();
}
