// TS 23.040 §9.1.2.3 and TS 102 221 EF_ICCID: swapped semi-octets with F filler.
import { describe, expect, it } from 'vitest';
import {
  decodeSwappedBcd,
  encodeSwappedBcd,
  fromHex,
  toHex,
} from '../../../protocol/bytes/index.ts';

describe('swapped BCD', () => {
  it.each([
    ['4085551212', '0458552121'],
    ['12345', '2143f5'],
    ['*#0', 'baf0'],
    ['89001012345678901234', '98000121436587092143'],
  ])('%s <-> %s', (digits, hex) => {
    expect(toHex(encodeSwappedBcd(digits))).toBe(hex);
    expect(decodeSwappedBcd(fromHex(hex))).toBe(digits);
    expect(decodeSwappedBcd(fromHex(hex), digits.length)).toBe(digits);
  });
  it('rejects an F inside a counted run and characters it cannot carry', () => {
    expect(() => decodeSwappedBcd(fromHex('21f3'), 4)).toThrow(
      expect.objectContaining({ code: 'BCD_INVALID_DIGIT' }),
    );
    expect(() => decodeSwappedBcd(fromHex('21'), 3)).toThrow(
      expect.objectContaining({ code: 'BCD_TRUNCATED' }),
    );
    expect(() => encodeSwappedBcd('12x')).toThrow(RangeError);
  });
});
