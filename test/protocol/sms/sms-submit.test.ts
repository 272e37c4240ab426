// TS 23.040 §9.2.2.2 SMS-SUBMIT.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { DCS_UCS2 } from '../../../protocol/sms/dcs.ts';
import {
  decodeSmsSubmit,
  encodeSmsSubmit,
  type SmsSubmit,
} from '../../../protocol/sms/sms-submit.ts';
import { textBody, userDataText } from '../../../protocol/sms/user-data.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

describe('SMS-SUBMIT (TS 23.040 §9.2.2.2)', () => {
  it('decodes the textbook AT+CMGS PDU (SC address 00 stripped)', () => {
    const hex = '11000b916407281553f80000aa0ae8329bfd4697d9ec37';
    const tpdu = decodeSmsSubmit(fromHex(hex));
    expect(tpdu).toMatchObject({
      messageReference: 0,
      destination: { ton: 1, npi: 1, value: '46708251358' },
      pid: 0,
      validityPeriod: { format: 'relative', value: 0xaa },
      rejectDuplicates: false,
      statusReportRequest: false,
    });
    expect(userDataText(tpdu.userData, tpdu.dcs)).toBe('hellohello');
    expect(toHex(encodeSmsSubmit(tpdu))).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), decodeSmsSubmit);
  });

  it.each([
    ['01', { format: 'none' }],
    [
      '19',
      {
        format: 'absolute',
        time: {
          year: 2026,
          month: 11,
          day: 23,
          hour: 14,
          minute: 5,
          second: 0,
          tzQuarterHours: -20,
        },
      },
    ],
    ['09', { format: 'enhanced', singleShot: true, period: { kind: 'seconds', seconds: 90 } }],
  ] as const)('first octet %s carries TP-VPF for %j', (fo, validityPeriod) => {
    const tpdu: SmsSubmit = {
      type: 'submit',
      rejectDuplicates: false,
      replyPath: false,
      statusReportRequest: false,
      messageReference: 7,
      destination: { ton: 0, npi: 1, value: '123' },
      pid: 0,
      dcs: DCS_UCS2,
      validityPeriod,
      userData: { body: textBody('Привет', DCS_UCS2) },
    };
    const bytes = encodeSmsSubmit(tpdu);
    expect(toHex(bytes.subarray(0, 1))).toBe(fo);
    expect(decodeSmsSubmit(bytes)).toEqual(tpdu);
    expectEveryTruncationRejected(bytes, decodeSmsSubmit);
  });

  it('sets TP-RD, TP-SRR, TP-RP and TP-UDHI', () => {
    const hex = 'e5ff04812143000402' + '00ff';
    const tpdu = decodeSmsSubmit(fromHex(hex));
    expect(tpdu).toMatchObject({
      rejectDuplicates: true,
      statusReportRequest: true,
      replyPath: true,
      messageReference: 255,
    });
    expect(tpdu.userData.header).toEqual([]);
    expect(toHex(encodeSmsSubmit(tpdu))).toBe(hex);
  });

  it.each([
    ['00', 'SMS_BAD_MTI'],
    ['11000b916407281553f80000aa0ae8329bfd4697d9ec3700', 'SMS_TRAILING_BYTES'],
    ['11000b916407281553f80000aaa1' + '00'.repeat(141), 'SMS_BAD_UDL'],
  ])('rejects %s with %s', (hex, code) => {
    expect(() => decodeSmsSubmit(fromHex(hex))).toThrow(expect.objectContaining({ code }));
  });

  it('fuzz: only DecodeError', () => fuzzDecoder(decodeSmsSubmit, { maxLength: 180 }));
});
