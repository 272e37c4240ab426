import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatAmount, MAX_AMOUNT, MoneyError, parseAmount } from '../../../server/ledger/money.ts';

describe('parseAmount', () => {
  it.each([
    ['20.55', 2, 2055n],
    ['20.5', 2, 2050n],
    ['20', 2, 2000n],
    ['0', 2, 0n],
    ['0.01', 2, 1n],
    ['1.27', 2, 127n],
    ['1000', 0, 1000n],
    ['1.234', 3, 1234n],
  ])('reads %s with exponent %i', (text, exponent, units) => {
    expect(parseAmount(text, exponent)).toBe(units);
  });

  it.each([
    ['20.555', 'MONEY_PRECISION'],
    ['1e3', 'MONEY_SYNTAX'],
    ['-1.00', 'MONEY_SYNTAX'],
    ['+1', 'MONEY_SYNTAX'],
    ['01.00', 'MONEY_SYNTAX'],
    ['1.', 'MONEY_SYNTAX'],
    ['.5', 'MONEY_SYNTAX'],
    [' 1', 'MONEY_SYNTAX'],
    ['1,00', 'MONEY_SYNTAX'],
    ['NaN', 'MONEY_SYNTAX'],
    ['Infinity', 'MONEY_SYNTAX'],
    ['0x10', 'MONEY_SYNTAX'],
    ['', 'MONEY_SYNTAX'],
    ['9999999999999999999', 'MONEY_RANGE'],
  ])('refuses %j with %s', (text, code) => {
    expect(() => parseAmount(text, 2)).toThrow(MoneyError);
    try {
      parseAmount(text, 2);
    } catch (error) {
      expect((error as MoneyError).code).toBe(code);
    }
  });

  it('refuses non-strings and bad exponents', () => {
    expect(() => parseAmount(20.55 as unknown as string)).toThrow(MoneyError);
    expect(() => parseAmount('1', 7)).toThrow(/exponent/);
  });
});

describe('formatAmount', () => {
  it.each([
    [2055n, 2, '20.55'],
    [5n, 2, '0.05'],
    [0n, 2, '0.00'],
    [-150n, 2, '-1.50'],
    [42n, 0, '42'],
  ])('writes %s', (units, exponent, text) => {
    expect(formatAmount(units, exponent)).toBe(text);
  });

  it('round-trips every amount in range', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MAX_AMOUNT }),
        fc.integer({ min: 0, max: 6 }),
        (u, e) => {
          expect(parseAmount(formatAmount(u, e), e)).toBe(u);
        },
      ),
      { seed: 20551, numRuns: 500 },
    );
  });

  it('never throws anything but MoneyError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseAmount(text, 2);
        } catch (error) {
          expect(error).toBeInstanceOf(MoneyError);
        }
      }),
      { seed: 7, numRuns: 1000 },
    );
  });
});
