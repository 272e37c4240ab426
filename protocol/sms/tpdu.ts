// 3GPP TS 23.040 §9.2.3.1 TP-Message-Type-Indicator: the same two bits name different TPDUs
// in each direction, so decoding needs to know whether the TPDU travels MO or MT.
import { ByteReader, ByteWriter } from '../bytes/index.ts';
import { readSmsCommand, writeSmsCommand, type SmsCommand } from './sms-command.ts';
import { readSmsDeliver, writeSmsDeliver, type SmsDeliver } from './sms-deliver.ts';
import {
  readSmsDeliverReport,
  readSmsSubmitReport,
  writeSmsDeliverReport,
  writeSmsSubmitReport,
  type ReportForm,
  type SmsDeliverReport,
  type SmsSubmitReport,
} from './sms-reports.ts';
import {
  readSmsStatusReport,
  writeSmsStatusReport,
  type SmsStatusReport,
} from './sms-status-report.ts';
import { readSmsSubmit, writeSmsSubmit, type SmsSubmit } from './sms-submit.ts';
import { MAX_TPDU_LENGTH, checkTpduLength } from './tpdu-limits.ts';

/** `mo`: mobile -> service centre; `mt`: service centre -> mobile. */
export type SmsDirection = 'mo' | 'mt';

/** Any TPDU, told apart by `type`. */
export type Tpdu =
  SmsDeliver | SmsDeliverReport | SmsSubmit | SmsSubmitReport | SmsStatusReport | SmsCommand;

/** Context the TPDU bytes alone do not carry. */
export interface DecodeTpduOptions {
  /** For reports: RP-ACK or RP-ERROR form, when the RP layer is known (see ReportForm). */
  readonly reportForm?: ReportForm;
  /**
   * MT only: read the reserved TP-MTI 11 as an SMS-DELIVER, as TS 23.040 §9.2.3.1 tells a
   * mobile to (it also says to store such a message exactly as received: keep the bytes).
   */
  readonly reservedMtiAsDeliver?: boolean;
}

/**
 * Decodes one TPDU travelling in `direction`. MTI 00 is SMS-DELIVER (mt) or
 * SMS-DELIVER-REPORT (mo), 01 SMS-SUBMIT-REPORT (mt) or SMS-SUBMIT (mo), 10 SMS-STATUS-REPORT
 * (mt) or SMS-COMMAND (mo); 11 is reserved and rejected with SMS_BAD_MTI unless
 * `reservedMtiAsDeliver` is set.
 */
export function decodeTpdu(
  bytes: Uint8Array,
  direction: SmsDirection,
  options: DecodeTpduOptions = {},
): Tpdu {
  checkTpduLength(bytes);
  const reader = new ByteReader(bytes, 'SMS');
  const tpdu = readTpdu(reader, direction, options);
  reader.expectEnd(tpdu.type);
  return tpdu;
}

/** Reads one TPDU travelling in `direction` from a cursor (see decodeTpdu). */
export function readTpdu(
  reader: ByteReader,
  direction: SmsDirection,
  options: DecodeTpduOptions = {},
): Tpdu {
  const mti = reader.peekU8() & 3;
  const mt = direction === 'mt';
  const form = options.reportForm;
  if (mti === 0) return mt ? readSmsDeliver(reader) : readSmsDeliverReport(reader, form);
  if (mti === 1) return mt ? readSmsSubmitReport(reader, form) : readSmsSubmit(reader);
  if (mti === 2) return mt ? readSmsStatusReport(reader) : readSmsCommand(reader);
  if (mt && options.reservedMtiAsDeliver === true) return readSmsDeliver(reader);
  return reader.fail('BAD_MTI', 'TP-MTI 11 is reserved');
}

/** Encodes any TPDU. */
export function encodeTpdu(tpdu: Tpdu): Uint8Array {
  const writer = new ByteWriter(MAX_TPDU_LENGTH);
  writeTpdu(writer, tpdu);
  return writer.finish();
}

/** Writes any TPDU. */
export function writeTpdu(writer: ByteWriter, tpdu: Tpdu): void {
  switch (tpdu.type) {
    case 'deliver':
      return writeSmsDeliver(writer, tpdu);
    case 'deliverReport':
      return writeSmsDeliverReport(writer, tpdu);
    case 'submit':
      return writeSmsSubmit(writer, tpdu);
    case 'submitReport':
      return writeSmsSubmitReport(writer, tpdu);
    case 'statusReport':
      return writeSmsStatusReport(writer, tpdu);
    case 'command':
      return writeSmsCommand(writer, tpdu);
  }
}

/** The direction a TPDU type travels in. */
export function tpduDirection(tpdu: Tpdu): SmsDirection {
  return tpdu.type === 'submit' || tpdu.type === 'deliverReport' || tpdu.type === 'command'
    ? 'mo'
    : 'mt';
}
