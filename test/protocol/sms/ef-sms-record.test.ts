// TS 51.011 §10.5.3 / TS 31.102 §4.2.25 EF_SMS records.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  EF_SMS_RECORD_LENGTH,
  SmsRecordStatus,
  decodeEfSmsRecord,
  encodeEfSmsRecord,
  isMobileOriginated,
} from '../../../protocol/sms/ef-sms-record.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const pad = (hex: string) => hex + 'ff'.repeat(EF_SMS_RECORD_LENGTH - hex.length / 2);
const deliver = '07917283010010f5040bc87238880900f10000993092516195800ae8329bfd4697d9ec37';
const submit = '0011000b916407281553f80000aa0ae8329bfd4697d9ec37';

describe('EF_SMS record (TS 51.011 §10.5.3)', () => {
  it.each([
    [SmsRecordStatus.mtToBeRead, deliver, 'deliver'],
    [SmsRecordStatus.mtRead, deliver, 'deliver'],
    [SmsRecordStatus.moToBeSent, submit, 'submit'],
    [SmsRecordStatus.moSentReportStored, submit, 'submit'],
  ])('status %i holds an %s', (status, pdu, type) => {
    const hex = pad(status.toString(16).padStart(2, '0') + pdu);
    const record = decodeEfSmsRecord(fromHex(hex));
    expect(record.kind === 'used' && record.tpdu.type).toBe(type);
    expect(toHex(encodeEfSmsRecord(record))).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), decodeEfSmsRecord);
  });

  it('free records: status with bit 1 clear, content ignored, written as FF', () => {
    expect(decodeEfSmsRecord(fromHex(pad('00')))).toEqual({ kind: 'free', status: 0 });
    expect(decodeEfSmsRecord(fromHex(pad('0203' + deliver)))).toEqual({ kind: 'free', status: 2 });
    expect(toHex(encodeEfSmsRecord({ kind: 'free', status: 0 }))).toBe(pad('00'));
    expect(() => encodeEfSmsRecord({ kind: 'free', status: 1 })).toThrow(RangeError);
  });

  it('MO statuses have bits 1 and 3 set', () => {
    expect(isMobileOriginated(SmsRecordStatus.moSent)).toBe(true);
    expect(isMobileOriginated(SmsRecordStatus.moSentReportNotStored)).toBe(true);
    expect(isMobileOriginated(SmsRecordStatus.mtToBeRead)).toBe(false);
  });

  it.each([
    [pad('03' + deliver).slice(0, -2) + '00', 'padding not FF'],
    [pad('03' + deliver) + 'ff', 'record of 177 bytes'],
    [pad('03' + submit), 'MT status with an SMS-SUBMIT'],
    [pad('07' + '00' + '0000'), 'MO status with a report'],
  ])('rejects %s (%s)', (hex) => {
    expect(() => decodeEfSmsRecord(fromHex(hex))).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^SMS_/) }),
    );
  });

  it('refuses a status that disagrees with the TPDU', () => {
    const record = decodeEfSmsRecord(fromHex(pad('03' + deliver)));
    if (record.kind !== 'used') throw new Error('expected a used record');
    expect(() => encodeEfSmsRecord({ ...record, status: SmsRecordStatus.moToBeSent })).toThrow(
      RangeError,
    );
  });

  it('fuzz: only DecodeError, for any length and for used records of 176 bytes', () => {
    fuzzDecoder(decodeEfSmsRecord, { maxLength: 180, numRuns: 500 });
    for (const status of [SmsRecordStatus.mtToBeRead, SmsRecordStatus.moToBeSent]) {
      const record = (b: Uint8Array) => {
        const bytes = new Uint8Array(EF_SMS_RECORD_LENGTH).fill(0xff);
        bytes.set(b.subarray(0, EF_SMS_RECORD_LENGTH - 1), 1);
        bytes[0] = status;
        return decodeEfSmsRecord(bytes);
      };
      fuzzDecoder(record, { maxLength: 175, numRuns: 1000 });
    }
  });
});
