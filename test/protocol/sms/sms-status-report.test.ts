// TS 23.040 §9.2.2.3 SMS-STATUS-REPORT.
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  TpStatus,
  decodeSmsStatusReport,
  encodeSmsStatusReport,
} from '../../../protocol/sms/sms-status-report.ts';
import { userDataText } from '../../../protocol/sms/user-data.ts';
import { DCS_GSM7 } from '../../../protocol/sms/dcs.ts';
import {
  expectEveryTruncationDecodesOrRejects,
  expectEveryTruncationRejected,
  fuzzDecoder,
} from '../../support/codec-checks.ts';

// FO 06 (MTI 10, no more messages), TP-MR 45, TP-RA +46708251358, TP-SCTS, TP-DT, TP-ST 00
const plain = '06450b916407281553f8' + '62113241500080' + '62113241501080' + '00';

describe('SMS-STATUS-REPORT (TS 23.040 §9.2.2.3)', () => {
  it('decodes a report without TP-PI', () => {
    const tpdu = decodeSmsStatusReport(fromHex(plain));
    expect(tpdu).toMatchObject({
      messageReference: 0x45,
      recipient: { ton: 1, npi: 1, value: '46708251358' },
      status: TpStatus.received,
      moreMessagesToSend: false,
      aboutCommand: false,
    });
    expect(tpdu.dischargeTime.second).toBe(1);
    expect(tpdu.pid).toBeUndefined();
    expect(toHex(encodeSmsStatusReport(tpdu))).toBe(plain);
    expectEveryTruncationRejected(fromHex(plain), decodeSmsStatusReport);
  });

  it('decodes TP-PI with TP-PID, TP-DCS and text (§9.2.3.27)', () => {
    const hex =
      '22450b916407281553f8' +
      '62113241500080' +
      '62113241501080' +
      '46' +
      '07' +
      '00' +
      '00' +
      '02' +
      'e834';
    const tpdu = decodeSmsStatusReport(fromHex(hex));
    expect(tpdu).toMatchObject({
      aboutCommand: true,
      moreMessagesToSend: true,
      status: TpStatus.validityExpired,
      pid: 0,
      dcs: DCS_GSM7,
    });
    expect(userDataText(tpdu.userData!, tpdu.dcs!)).toBe('hi');
    expect(toHex(encodeSmsStatusReport(tpdu))).toBe(hex);
    // TP-PI is optional: the prefix that ends after TP-ST is itself a valid report
    expectEveryTruncationDecodesOrRejects(fromHex(hex), decodeSmsStatusReport);
    expect(decodeSmsStatusReport(fromHex(hex).subarray(0, 25)).pid).toBeUndefined();
    expect(() => decodeSmsStatusReport(fromHex(hex).subarray(0, 26))).toThrow(DecodeError);
  });

  it('rejects trailing bytes and the wrong MTI', () => {
    expect(() => decodeSmsStatusReport(fromHex(plain + '0000'))).toThrow(
      expect.objectContaining({ code: 'SMS_TRAILING_BYTES' }),
    );
    expect(() => decodeSmsStatusReport(fromHex('00'))).toThrow(
      expect.objectContaining({ code: 'SMS_BAD_MTI' }),
    );
  });

  it('fuzz: only DecodeError', () => fuzzDecoder(decodeSmsStatusReport, { maxLength: 180 }));
});
