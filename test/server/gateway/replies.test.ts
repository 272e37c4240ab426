// Refusal texts: every code a payment can be refused with has its own line for the member, short
// enough for one SMS (160 GSM 7-bit characters, TS 23.038) with the PIN advice appended.
import { describe, expect, it } from 'vitest';
import { DELETE_ADVICE, refusalText } from '../../../server/gateway/replies.ts';
import { PAYMENT_ERROR_CODES } from '../../../server/payments/errors.ts';

describe('refusal texts', () => {
  it('has a distinct line for every code, fitting one SMS with the PIN advice', () => {
    const texts = PAYMENT_ERROR_CODES.map(refusalText);
    expect(new Set(texts).size).toBe(PAYMENT_ERROR_CODES.length);
    for (const text of texts) {
      expect(text).toMatch(/^[A-Z][ -~]*[.]$/);
      expect((text + DELETE_ADVICE).length).toBeLessThanOrEqual(160);
    }
  });

  it('tells a member whose number is busy to send again', () => {
    expect(refusalText('MEMBER_BUSY')).toMatch(/send this again/);
  });
});
