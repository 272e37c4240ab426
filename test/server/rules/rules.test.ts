import { describe, expect, it } from 'vitest';
import { feeFor } from '../../../server/rules/fees.ts';
import { checkLimits, effectiveLimits } from '../../../server/rules/limits.ts';
import { isValidPattern, listVerdict, patternMatches } from '../../../server/rules/lists.ts';

describe('fees (tiers from configuration)', () => {
  const tiers = [
    { from: 0n, fixed: 5n, basisPoints: 0 },
    { from: 5000n, fixed: 100n, basisPoints: 0 },
    { from: 10001n, fixed: 0n, basisPoints: 100 },
  ];
  it.each([
    [1n, 5n],
    [4999n, 5n],
    [5000n, 100n],
    [10000n, 100n],
    [10001n, 100n],
    [25050n, 250n],
  ])('charges %s -> %s', (amount, fee) => {
    expect(feeFor(amount, tiers)).toBe(fee);
  });
  it('charges nothing without tiers', () => expect(feeFor(100n, [])).toBe(0n));
});

describe('limits', () => {
  const scheme = { perTransaction: 1000n, daily: 2000n, perHour: 3 };
  it('lets a member tighten but never loosen the scheme limits', () => {
    expect(effectiveLimits(scheme, { perTransaction: 50n, daily: 9000n, perHour: null })).toEqual({
      perTransaction: 50n,
      daily: 2000n,
      perHour: 3,
    });
    const open = { perTransaction: null, daily: null, perHour: null };
    expect(effectiveLimits(open, { perTransaction: 7n, daily: null, perHour: 1 })).toEqual({
      perTransaction: 7n,
      daily: null,
      perHour: 1,
    });
  });
  it.each([
    [1000n, 0n, 0, null],
    [1001n, 0n, 0, 'LIMIT_PER_TRANSACTION'],
    [500n, 1500n, 0, null],
    [501n, 1500n, 0, 'LIMIT_DAILY'],
    [1n, 0n, 2, null],
    [1n, 0n, 3, 'LIMIT_VELOCITY'],
  ] as const)('amount %s after %s/%i gives %s', (amount, day, hour, verdict) => {
    expect(checkLimits(amount, scheme, { sentLast24h: day, countLastHour: hour })).toBe(verdict);
  });
});

describe('black and white lists with wildcards', () => {
  it.each([
    ['+14088675309', '+14088675309', true],
    ['+1408*', '+14088675309', true],
    ['+1408*', '+14158675309', false],
    ['premium', '+19005551234', true],
    ['premium', '+14088675309', false],
    ['foreign', '+442079460958', true],
    ['foreign', '+14088675309', false],
    ['*', '+14088675309', true],
  ])('%s matches %s: %s', (pattern, number, expected) => {
    expect(patternMatches(pattern, number, '1')).toBe(expected);
  });

  it('validates patterns', () => {
    expect(['+1408*', '+14088675309', 'premium', 'foreign', '*'].every(isValidPattern)).toBe(true);
    expect(['1408*', '+14*08', 'all', ''].some(isValidPattern)).toBe(false);
  });

  it('blocks listed numbers, and in white-list mode refuses the rest', () => {
    expect(listVerdict({ block: ['+1900*'], allow: [] }, '+19005551234', '1')).toBe('blocked');
    expect(listVerdict({ block: ['+1900*'], allow: [] }, '+14088675309', '1')).toBe(null);
    const child = { block: [], allow: ['+14155550100', '+1650*'] };
    expect(listVerdict(child, '+14155550100', '1')).toBe(null);
    expect(listVerdict(child, '+16505550000', '1')).toBe(null);
    expect(listVerdict(child, '+14088675309', '1')).toBe('not_allowed');
  });
});
