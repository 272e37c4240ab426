// TS 23.040 §9.2.2: the longest TPDU and first-octet bits.
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../protocol/bytes/index.ts';
import { DCS_8BIT } from '../../../protocol/sms/dcs.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { MAX_TPDU_LENGTH, checkTpduLength, flag } from '../../../protocol/sms/tpdu-limits.ts';

describe('TPDU limits', () => {
  it('the longest SMS-SUBMIT is exactly MAX_TPDU_LENGTH octets', () => {
    const longest = encodeSmsSubmit({
      type: 'submit',
      rejectDuplicates: false,
      replyPath: false,
      statusReportRequest: false,
      messageReference: 0,
      destination: { ton: 1, npi: 1, value: '1'.repeat(20) },
      pid: 0,
      dcs: DCS_8BIT,
      validityPeriod: { format: 'enhanced', singleShot: false, period: { kind: 'none' } },
      userData: { body: new Uint8Array(140) },
    });
    expect(longest.length).toBe(MAX_TPDU_LENGTH);
    expect(() => checkTpduLength(longest)).not.toThrow();
    const tooLong = new ByteWriter().bytes(longest).u8(0).finish();
    expect(() => checkTpduLength(tooLong)).toThrow(
      expect.objectContaining({ code: 'SMS_TOO_LONG' }),
    );
  });

  it('reads first-octet bits from the least significant', () => {
    expect(flag(0x40, 6)).toBe(true);
    expect(flag(0x40, 7)).toBe(false);
    expect(flag(0x01, 0)).toBe(true);
  });
});
