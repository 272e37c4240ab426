import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  inheritAreaCode,
  isForeign,
  isPremium,
  MsisdnError,
  normaliseMsisdn,
} from '../../../server/members/msisdn.ts';

const nanp = { defaultCountry: '1' };

describe('normaliseMsisdn (E.164)', () => {
  it.each([
    ['4088675309', '+14088675309'],
    ['14088675309', '+14088675309'],
    ['+1 408 867 5309', '+14088675309'],
    ['(408) 867-5309', '+14088675309'],
    ['408.867.5309', '+14088675309'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+442079460958', '+442079460958'],
  ])('reads %s as %s with NANP default', (input, e164) => {
    expect(normaliseMsisdn(input, nanp)).toBe(e164);
  });

  it('uses the default country and drops a trunk 0 outside NANP', () => {
    expect(normaliseMsisdn('020 7946 0958', { defaultCountry: '44' })).toBe('+442079460958');
  });

  it.each([
    '',
    'abc',
    '12345',
    '+1234567890123456',
    '1408867530',
    '0012',
    '4081234567x',
    '+11088675309',
  ])('refuses %j', (input) => {
    expect(() => normaliseMsisdn(input, nanp)).toThrow(MsisdnError);
  });

  it('only ever throws MsisdnError and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (s) => {
        try {
          const e164 = normaliseMsisdn(s, nanp);
          expect(normaliseMsisdn(e164, nanp)).toBe(e164);
        } catch (error) {
          expect(error).toBeInstanceOf(MsisdnError);
        }
      }),
      { seed: 5309, numRuns: 2000 },
    );
  });
});

describe('area code inheritance, premium and foreign numbers', () => {
  it('completes a 7-digit local number with the caller area code', () => {
    expect(inheritAreaCode('867-5309', '+14085551234')).toBe('+14088675309');
    expect(inheritAreaCode('4088675309', '+14085551234')).toBe('4088675309');
    expect(inheritAreaCode('8675309', '+442079460958')).toBe('8675309');
  });

  it('recognises premium and foreign numbers', () => {
    expect(isPremium('+19005551234')).toBe(true);
    expect(isPremium('+14089761234')).toBe(true);
    expect(isPremium('+14088675309')).toBe(false);
    expect(isForeign('+442079460958', '1')).toBe(true);
    expect(isForeign('+14088675309', '1')).toBe(false);
  });
});
