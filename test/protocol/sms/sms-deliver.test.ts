// TS 23.040 §9.2.2.1 SMS-DELIVER.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { DCS_SIM_DOWNLOAD } from '../../../protocol/sms/dcs.ts';
import {
  decodeSmsDeliver,
  encodeSmsDeliver,
  type SmsDeliver,
} from '../../../protocol/sms/sms-deliver.ts';
import { userDataText } from '../../../protocol/sms/user-data.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const time = { year: 2026, month: 11, day: 23, hour: 14, minute: 5, second: 0, tzQuarterHours: 8 };

describe('SMS-DELIVER (TS 23.040 §9.2.2.1)', () => {
  it('decodes the well-known "hellohello" PDU (SMSC +27381000015 stripped)', () => {
    const hex = '040bc87238880900f10000993092516195800ae8329bfd4697d9ec37';
    const tpdu = decodeSmsDeliver(fromHex(hex));
    expect(tpdu.moreMessagesToSend).toBe(false);
    expect(tpdu.originator).toEqual({ ton: 4, npi: 8, value: '27838890001' });
    expect(tpdu.timestamp).toEqual({
      year: 2099,
      month: 3,
      day: 29,
      hour: 15,
      minute: 16,
      second: 59,
      tzQuarterHours: 8,
    });
    expect(userDataText(tpdu.userData, tpdu.dcs)).toBe('hellohello');
    expect(toHex(encodeSmsDeliver(tpdu))).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), decodeSmsDeliver);
  });

  it('decodes an alphanumeric sender with a status report indication', () => {
    const hex = '240dd0e474d81c0ebb010000111011315214000be474d81c0ebb5de3771b';
    const tpdu = decodeSmsDeliver(fromHex(hex));
    expect(tpdu.statusReportIndication).toBe(true);
    expect(tpdu.originator).toEqual({ ton: 5, npi: 0, value: 'diafaan' });
    expect(userDataText(tpdu.userData, tpdu.dcs)).toBe('diafaan.com');
    expect(toHex(encodeSmsDeliver(tpdu))).toBe(hex);
  });

  it('carries every first-octet flag and a (U)SIM data download payload (TS 31.111 §7.1.1)', () => {
    const tpdu: SmsDeliver = {
      type: 'deliver',
      replyPath: true,
      statusReportIndication: true,
      loopPrevention: true,
      moreMessagesToSend: true,
      originator: { ton: 1, npi: 1, value: '4670' },
      pid: 0x7f,
      dcs: DCS_SIM_DOWNLOAD,
      timestamp: time,
      userData: { header: [{ type: 'otaCommand' }], body: fromHex('0015160000') },
    };
    const hex = toHex(encodeSmsDeliver(tpdu));
    // FO E8 = RP | UDHI | SRI | LP with TP-MMS 0; UDL 08 = 3 header octets + 5 body octets
    expect(hex).toBe(
      'e8' + '04916407' + '7f' + 'f6' + '62113241500080' + '08' + '027000' + '0015160000',
    );
    expect(decodeSmsDeliver(fromHex(hex))).toEqual(tpdu);
  });

  it.each([
    ['01', 'SMS_BAD_MTI'],
    ['040bc87238880900f10000993092516195800ae8329bfd4697d9ec37ff', 'SMS_TRAILING_BYTES'],
    ['00' + '00'.repeat(170), 'SMS_TOO_LONG'],
  ])('rejects %s with %s', (hex, code) => {
    expect(() => decodeSmsDeliver(fromHex(hex))).toThrow(expect.objectContaining({ code }));
  });

  it('fuzz: only DecodeError', () => fuzzDecoder(decodeSmsDeliver, { maxLength: 180 }));
});
