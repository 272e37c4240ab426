// TS 23.038 §6.2.1 default alphabet and §6.2.1.1 extension table.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeGsm7Septets,
  encodeGsm7Septets,
  gsm7SeptetLength,
  isGsm7Encodable,
} from '../../../protocol/sms/gsm7-alphabet.ts';

const EXTENSION = '\f^{}\\[~]|€';
const DEFAULT_CHARS = Array.from({ length: 128 }, (_, i) => i)
  .filter((i) => i !== 0x1b)
  .map((i) => decodeGsm7Septets(Uint8Array.of(i)))
  .join('');

describe('GSM 7 bit default alphabet', () => {
  it.each([
    ['@', '00'],
    ['£', '01'],
    ['$', '02'],
    ['_', '11'],
    ['¤', '24'],
    ['¡', '40'],
    ['§', '5f'],
    ['¿', '60'],
    ['à', '7f'],
    ['\n', '0a'],
    ['\r', '0d'],
    ['Ç', '09'],
    ['test', '74657374'],
  ])('§6.2.1: %j <-> %s', (text, hex) => {
    expect(toHex(encodeGsm7Septets(text))).toBe(hex);
    expect(decodeGsm7Septets(encodeGsm7Septets(text))).toBe(text);
  });

  it.each([
    ['\f', '1b0a'],
    ['^', '1b14'],
    ['{', '1b28'],
    ['}', '1b29'],
    ['\\', '1b2f'],
    ['[', '1b3c'],
    ['~', '1b3d'],
    [']', '1b3e'],
    ['|', '1b40'],
    ['€', '1b65'],
  ])('§6.2.1.1 extension: %j <-> %s', (text, hex) => {
    expect(toHex(encodeGsm7Septets(text))).toBe(hex);
    expect(decodeGsm7Septets(encodeGsm7Septets(text))).toBe(text);
    expect(gsm7SeptetLength(text)).toBe(2);
  });

  it('round-trips the whole default table (127 characters) and the extension table', () => {
    expect(new Set(DEFAULT_CHARS).size).toBe(127);
    const septets = encodeGsm7Septets(DEFAULT_CHARS);
    expect(septets.length).toBe(127);
    expect(decodeGsm7Septets(septets)).toBe(DEFAULT_CHARS);
    expect(decodeGsm7Septets(encodeGsm7Septets(EXTENSION))).toBe(EXTENSION);
    expect(gsm7SeptetLength(DEFAULT_CHARS + EXTENSION)).toBe(127 + 20);
    expect(isGsm7Encodable(DEFAULT_CHARS + EXTENSION)).toBe(true);
  });

  it('§6.2.1.1: an undefined escape shows the default character, 1B 1B and a final 1B a space', () => {
    expect(decodeGsm7Septets(Uint8Array.of(0x1b, 0x41))).toBe('A');
    expect(decodeGsm7Septets(Uint8Array.of(0x1b, 0x1b, 0x41))).toBe(' A');
    expect(decodeGsm7Septets(Uint8Array.of(0x41, 0x1b))).toBe('A ');
  });

  it('names the first character it cannot encode', () => {
    expect(() => encodeGsm7Septets('ok ж no')).toThrow(/'ж' \(U\+0436\) at character 3/);
    expect(() => gsm7SeptetLength('a😀')).toThrow(/U\+1F600/);
    expect(isGsm7Encodable('Grüße')).toBe(true);
    expect(isGsm7Encodable('Straße ç')).toBe(false);
    expect(isGsm7Encodable('')).toBe(true);
  });

  it('rejects values above 0x7F with a DecodeError', () => {
    expect(() => decodeGsm7Septets(Uint8Array.of(0x41, 0x80))).toThrow(
      expect.objectContaining({ code: 'SMS_BAD_SEPTET', offset: 1 }),
    );
  });

  it('fuzz: any encodable text round-trips; any bytes decode or throw DecodeError', () => {
    const alphabet = [...DEFAULT_CHARS, ...EXTENSION];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 200 }), (chars) => {
        const text = chars.join('');
        const septets = encodeGsm7Septets(text);
        expect(septets.length).toBe(gsm7SeptetLength(text));
        expect(decodeGsm7Septets(septets)).toBe(text);
      }),
      { numRuns: 500, seed: 2338 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeGsm7Septets(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 500, seed: 2339 },
    );
  });
});
