// 3GPP TS 51.011 §10.5.3 / TS 31.102 §4.2.25 EF_SMS (6F3C): 176-byte records of a status byte,
// the service centre address (TS 24.011 RP form), an SMS-DELIVER or SMS-SUBMIT, and FF padding.
import { ByteReader, ByteWriter } from '../bytes/index.ts';
import { readRpAddress, writeRpAddress, type SmsAddress } from './address.ts';
import type { SmsDeliver } from './sms-deliver.ts';
import type { SmsSubmit } from './sms-submit.ts';
import { readTpdu, writeTpdu } from './tpdu.ts';

/** Size of every EF_SMS record. */
export const EF_SMS_RECORD_LENGTH = 176;
/** File identifier of EF_SMS. */
export const EF_SMS_FID = 0x6f3c;

/** Status byte values (TS 51.011 §10.5.3). Any value with bit 1 clear is a free record. */
export const SmsRecordStatus = {
  free: 0x00,
  mtRead: 0x01,
  mtToBeRead: 0x03,
  moSent: 0x05,
  moToBeSent: 0x07,
  moSentReportNotReceived: 0x0d,
  moSentReportNotStored: 0x15,
  moSentReportStored: 0x1d,
} as const;

/** One EF_SMS record: free, or a stored message with its status. */
export type EfSmsRecord =
  /** Bit 1 of the status clear: the rest of the record means nothing. */
  | { readonly kind: 'free'; readonly status: number }
  | {
      readonly kind: 'used';
      /** Bit 3 (0x04) set: mobile originated, holding an SMS-SUBMIT; clear: an SMS-DELIVER. */
      readonly status: number;
      readonly serviceCentre?: SmsAddress;
      readonly tpdu: SmsDeliver | SmsSubmit;
    };

/** True when the status says the record holds a mobile-originated message (SMS-SUBMIT). */
export function isMobileOriginated(status: number): boolean {
  return (status & 0x05) === 0x05;
}

/**
 * Decodes one 176-byte record. A used record must hold an SMS-DELIVER (MT statuses) or
 * SMS-SUBMIT (MO statuses) followed only by FF; a free record's content is not read.
 */
export function decodeEfSmsRecord(bytes: Uint8Array): EfSmsRecord {
  const reader = new ByteReader(bytes, 'SMS');
  if (bytes.length !== EF_SMS_RECORD_LENGTH) {
    reader.fail(
      'BAD_RECORD',
      `EF_SMS records are ${EF_SMS_RECORD_LENGTH} bytes, got ${bytes.length}`,
    );
  }
  const status = reader.u8();
  if ((status & 1) === 0) return { kind: 'free', status };
  const serviceCentre = readRpAddress(reader);
  const tpdu = readTpdu(reader, isMobileOriginated(status) ? 'mo' : 'mt');
  if (tpdu.type !== 'deliver' && tpdu.type !== 'submit') {
    return reader.fail('BAD_RECORD', `status ${status.toString(16)} with an ${tpdu.type} TPDU`);
  }
  while (!reader.atEnd) {
    if (reader.peekU8() !== 0xff) reader.fail('BAD_RECORD', 'padding after the TPDU is not FF');
    reader.u8();
  }
  return serviceCentre === undefined
    ? { kind: 'used', status, tpdu }
    : { kind: 'used', status, serviceCentre, tpdu };
}

/** Encodes one 176-byte record. Throws RangeError when the status and the TPDU disagree. */
export function encodeEfSmsRecord(record: EfSmsRecord): Uint8Array {
  const out = new Uint8Array(EF_SMS_RECORD_LENGTH).fill(0xff);
  if (record.kind === 'free') {
    if ((record.status & 1) !== 0 || record.status > 0xff) {
      throw new RangeError(`free record status must have bit 1 clear, got ${record.status}`);
    }
    out[0] = record.status;
    return out;
  }
  const expected = isMobileOriginated(record.status) ? 'submit' : 'deliver';
  if ((record.status & 1) === 0 || record.tpdu.type !== expected) {
    throw new RangeError(
      `status ${record.status.toString(16)} does not hold an ${record.tpdu.type}`,
    );
  }
  const writer = new ByteWriter(EF_SMS_RECORD_LENGTH);
  writer.u8(record.status);
  writeRpAddress(writer, record.serviceCentre);
  writeTpdu(writer, record.tpdu);
  const bytes = writer.finish();
  if (bytes.length > EF_SMS_RECORD_LENGTH) throw new RangeError('message does not fit a record');
  out.set(bytes);
  return out;
}
