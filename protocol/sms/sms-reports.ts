// 3GPP TS 23.040 §9.2.2.1a SMS-DELIVER-REPORT and §9.2.2.2a SMS-SUBMIT-REPORT, each in its
// RP-ERROR form (with TP-FCS) and its RP-ACK form (without).
import { ByteReader, ByteWriter } from '../bytes/index.ts';
import {
  parameterIndicator,
  readIndicatedParameters,
  readOptionalParameters,
  readParameterIndicator,
  udhiBit,
  writeIndicatedParameters,
  writeOptionalParameters,
  type OptionalParameters,
} from './parameter-indicator.ts';
import { readTimestamp, writeTimestamp, type SmsTimestamp } from './timestamp.ts';
import { MAX_TPDU_LENGTH, checkTpduLength, flag } from './tpdu-limits.ts';

/**
 * Which RP message carries a report. The TPDU does not say: the RP layer does. Without a hint
 * the decoders take a second octet of 80-FF as a TP-FCS (RP-ERROR), since TP-FCS values below
 * 80 are reserved and TP-PI bit 8 (extension) is practically never set.
 */
export type ReportForm = 'ack' | 'error';

/** SMS-DELIVER-REPORT (mobile -> service centre, MTI 00). */
export interface SmsDeliverReport extends OptionalParameters {
  readonly type: 'deliverReport';
  /** TP-FCS, present in the RP-ERROR form (e.g. D2 memory exceeded, D4 SIM busy). */
  readonly failureCause?: number;
}

/** SMS-SUBMIT-REPORT (service centre -> mobile, MTI 01). */
export interface SmsSubmitReport extends OptionalParameters {
  readonly type: 'submitReport';
  /** TP-FCS, present in the RP-ERROR form. */
  readonly failureCause?: number;
  /** TP-SCTS. */
  readonly timestamp: SmsTimestamp;
}

/** Reads an SMS-DELIVER-REPORT. */
export function readSmsDeliverReport(reader: ByteReader, form?: ReportForm): SmsDeliverReport {
  const fo = reader.u8();
  const fcs = readFailureCause(reader, form);
  return { type: 'deliverReport', ...fcs, ...readOptionalParameters(reader, flag(fo, 6)) };
}

/** Reads an SMS-SUBMIT-REPORT. */
export function readSmsSubmitReport(reader: ByteReader, form?: ReportForm): SmsSubmitReport {
  const fo = reader.u8();
  const fcs = readFailureCause(reader, form);
  const pi = readParameterIndicator(reader);
  const timestamp = readTimestamp(reader);
  const params = readIndicatedParameters(reader, pi, flag(fo, 6));
  return { type: 'submitReport', ...fcs, timestamp, ...params };
}

/** Writes an SMS-DELIVER-REPORT (RP-ERROR form when `failureCause` is set). */
export function writeSmsDeliverReport(writer: ByteWriter, tpdu: SmsDeliverReport): void {
  writer.u8(0x00 | udhiBit(tpdu));
  if (tpdu.failureCause !== undefined) writer.u8(tpdu.failureCause);
  writeOptionalParameters(writer, tpdu);
}

/** Writes an SMS-SUBMIT-REPORT; TP-PI comes before TP-SCTS on the wire. */
export function writeSmsSubmitReport(writer: ByteWriter, tpdu: SmsSubmitReport): void {
  writer.u8(0x01 | udhiBit(tpdu));
  if (tpdu.failureCause !== undefined) writer.u8(tpdu.failureCause);
  writer.u8(parameterIndicator(tpdu));
  writeTimestamp(writer, tpdu.timestamp);
  writeIndicatedParameters(writer, tpdu);
}

/** Decodes exactly one SMS-DELIVER-REPORT. */
export function decodeSmsDeliverReport(bytes: Uint8Array, form?: ReportForm): SmsDeliverReport {
  return decodeWhole(bytes, 0, 'SMS-DELIVER-REPORT', (r) => readSmsDeliverReport(r, form));
}

/** Decodes exactly one SMS-SUBMIT-REPORT. */
export function decodeSmsSubmitReport(bytes: Uint8Array, form?: ReportForm): SmsSubmitReport {
  return decodeWhole(bytes, 1, 'SMS-SUBMIT-REPORT', (r) => readSmsSubmitReport(r, form));
}

/** Encodes an SMS-DELIVER-REPORT. */
export function encodeSmsDeliverReport(tpdu: SmsDeliverReport): Uint8Array {
  const writer = new ByteWriter(MAX_TPDU_LENGTH);
  writeSmsDeliverReport(writer, tpdu);
  return writer.finish();
}

/** Encodes an SMS-SUBMIT-REPORT. */
export function encodeSmsSubmitReport(tpdu: SmsSubmitReport): Uint8Array {
  const writer = new ByteWriter(MAX_TPDU_LENGTH);
  writeSmsSubmitReport(writer, tpdu);
  return writer.finish();
}

function readFailureCause(reader: ByteReader, form: ReportForm | undefined) {
  const isError = form === undefined ? reader.peekU8() >= 0x80 : form === 'error';
  return isError ? { failureCause: reader.u8() } : {};
}

function decodeWhole<T>(
  bytes: Uint8Array,
  mti: number,
  what: string,
  read: (r: ByteReader) => T,
): T {
  checkTpduLength(bytes);
  const reader = new ByteReader(bytes, 'SMS');
  if ((reader.peekU8() & 3) !== mti) reader.fail('BAD_MTI', `not an ${what} (MTI 0${mti})`);
  const tpdu = read(reader);
  reader.expectEnd(what);
  return tpdu;
}
