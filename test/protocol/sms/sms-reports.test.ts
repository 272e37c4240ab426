// TS 23.040 §9.2.2.1a SMS-DELIVER-REPORT and §9.2.2.2a SMS-SUBMIT-REPORT, RP-ACK and RP-ERROR forms.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeSmsDeliverReport,
  decodeSmsSubmitReport,
  encodeSmsDeliverReport,
  encodeSmsSubmitReport,
  type SmsDeliverReport,
  type SmsSubmitReport,
} from '../../../protocol/sms/sms-reports.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const time = { year: 2026, month: 11, day: 23, hour: 14, minute: 5, second: 0, tzQuarterHours: 8 };

const deliverReports: readonly [string, SmsDeliverReport, string][] = [
  ['0000', { type: 'deliverReport' }, 'RP-ACK, no parameters'],
  ['00d400', { type: 'deliverReport', failureCause: 0xd4 }, 'RP-ERROR, TP-FCS D4 toolkit busy'],
  [
    '40077ff606027100aabbcc',
    {
      type: 'deliverReport',
      pid: 0x7f,
      dcs: { group: 'dataClass', alphabet: '8bit', messageClass: 2 },
      userData: { header: [{ type: 'otaResponse' }], body: fromHex('aabbcc') },
    },
    'RP-ACK with a proof of receipt (TS 31.115 §4.4)',
  ],
  [
    '00d5040168',
    {
      type: 'deliverReport',
      failureCause: 0xd5,
      userData: { body: fromHex('68') },
    },
    'RP-ERROR with user data and no TP-DCS: GSM 7 bit',
  ],
];

const submitReports: readonly [string, SmsSubmitReport, string][] = [
  ['010062113241500080', { type: 'submitReport', timestamp: time }, 'RP-ACK'],
  [
    '01c50062113241500080',
    { type: 'submitReport', failureCause: 0xc5, timestamp: time },
    'RP-ERROR',
  ],
  [
    '0103621132415000807f04',
    {
      type: 'submitReport',
      timestamp: time,
      pid: 0x7f,
      dcs: { group: 'general', autoDelete: false, compressed: false, alphabet: '8bit' },
    },
    'RP-ACK with TP-PID and TP-DCS after TP-SCTS',
  ],
];

describe('SMS-DELIVER-REPORT (TS 23.040 §9.2.2.1a)', () => {
  it.each(deliverReports)('%s: %s', (hex, tpdu) => {
    expect(decodeSmsDeliverReport(fromHex(hex))).toEqual(tpdu);
    expect(toHex(encodeSmsDeliverReport(tpdu))).toBe(hex);
    const form = tpdu.failureCause === undefined ? 'ack' : 'error';
    expect(decodeSmsDeliverReport(fromHex(hex), form)).toEqual(tpdu);
    expectEveryTruncationRejected(fromHex(hex), (b) => decodeSmsDeliverReport(b, form));
  });

  it('the RP layer decides the form when TP-PI has bit 8 set', () => {
    expect(decodeSmsDeliverReport(fromHex('008000'), 'ack')).toEqual({ type: 'deliverReport' });
    expect(decodeSmsDeliverReport(fromHex('008000'))).toEqual({
      type: 'deliverReport',
      failureCause: 0x80,
    });
  });

  it('skips TP-PI extension octets, at most four', () => {
    expect(decodeSmsDeliverReport(fromHex('00810001'), 'ack')).toEqual({
      type: 'deliverReport',
      pid: 1,
    });
    expect(() => decodeSmsDeliverReport(fromHex('008080808000'), 'ack')).toThrow(
      expect.objectContaining({ code: 'SMS_BAD_PI' }),
    );
  });

  it('fuzz: only DecodeError', () => {
    fuzzDecoder((b) => decodeSmsDeliverReport(b), { maxLength: 160 });
    fuzzDecoder((b) => decodeSmsDeliverReport(b, 'ack'), { maxLength: 160, numRuns: 500 });
  });
});

describe('SMS-SUBMIT-REPORT (TS 23.040 §9.2.2.2a)', () => {
  it.each(submitReports)('%s: %s', (hex, tpdu) => {
    expect(decodeSmsSubmitReport(fromHex(hex))).toEqual(tpdu);
    expect(toHex(encodeSmsSubmitReport(tpdu))).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), decodeSmsSubmitReport);
  });

  it('rejects the wrong MTI', () => {
    expect(() => decodeSmsSubmitReport(fromHex('0000'))).toThrow(
      expect.objectContaining({ code: 'SMS_BAD_MTI' }),
    );
  });

  it('fuzz: only DecodeError', () =>
    fuzzDecoder((b) => decodeSmsSubmitReport(b), { maxLength: 160 }));
});
