// ETSI TS 102 223 §8.15 text strings (DCS per TS 23.038 §4) and TS 102 221 annex A SIM alphabet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeSimAlphabet, encodeSimAlphabet } from '../../../protocol/cat/sim-alphabet.ts';
import {
  type TextString,
  decodeTextString,
  encodeTextString,
  textCodingOfDcs,
} from '../../../protocol/cat/text-string.ts';
import { encodeComprehensionTlv } from '../../../protocol/tlv/index.ts';
import { expectOnlyDecodeError, fuzzDecoder } from '../../support/codec-checks.ts';
import { located } from './located.ts';

const textExamples = [
  // [text string object, coding, text, what] from TS 102 384 DISPLAY TEXT / GET INPUT sequences
  ['8d0f04546f6f6c6b697420546573742031', 'gsm8', 'Toolkit Test 1', '27.22.4.1.1 seq 1.1, 8-bit'],
  ['8d0e00d4f79bbd4ed341d4f29c0e9a01', 'gsm7Packed', 'Toolkit Test 3', 'seq 1.3, packed'],
  ['8d0b004537bd2c07d96eaad10a', 'gsm7Packed', 'Enter 67*#+', 'GET INPUT seq 1.2, packed'],
  ['8d1908041704140420041004120421042204120423041904220415', 'ucs2', 'ЗДРАВСТВУЙТЕ', 'UCS2'],
  ['8d05084f60597d', 'ucs2', '你好', 'UCS2 CJK'],
] as const;

describe('text string (TS 102 223 §8.15)', () => {
  it.each(textExamples)('%s: %s %s', (hex, coding, text) => {
    const t = decodeTextString(located(hex));
    expect(t).toEqual({ coding, text });
    expect(toHex(encodeTextString(t))).toBe(hex.slice(4));
  });

  it('reads the alphabet from any TS 23.038 DCS with a message class', () => {
    const gsm8 = '546f6f6c6b6974';
    for (const [dcs, coding] of [
      ['16', 'gsm8'],
      ['f6', 'gsm8'],
      ['f2', 'gsm7Packed'],
      ['12', 'gsm7Packed'],
      ['1a', 'ucs2'],
      ['e0', 'ucs2'],
      ['c8', 'gsm7Packed'],
    ] as const) {
      expect(textCodingOfDcs(parseInt(dcs, 16))).toBe(coding);
    }
    expect(decodeTextString(located('8d08f6' + gsm8))).toEqual({ coding: 'gsm8', text: 'Toolkit' });
    expect(textCodingOfDcs(0x24)).toBeUndefined();
    expect(textCodingOfDcs(0x0c)).toBeUndefined();
    expect(textCodingOfDcs(0x80)).toBeUndefined();
  });

  it('decodes a 32-character packed text that fills its last octet (no CR fill)', () => {
    const t = decodeTextString(
      located('0d1d00d3309bfc06c95c301aa8e80259c3ec34b9ac07c9602f58ed159bb940'),
    );
    expect(t).toEqual({ coding: 'gsm7Packed', text: 'Saldo 2.04 E. Validez 20/05/13. ' });
  });

  it('adds and removes a CR fill septet when 7 bits would be left (TS 23.038 §6.1.2.3.1)', () => {
    const bytes = encodeTextString({ coding: 'gsm7Packed', text: '1234567' });
    expect(bytes.length).toBe(8);
    expect(toHex(bytes)).toBe('0031d98c56b3dd1a');
    expect(decodeTextString(located(Uint8Array.of(0x8d, 8, ...bytes)))?.text).toBe('1234567');
    const at = encodeTextString({ coding: 'gsm7Packed', text: '1234567@' });
    expect(decodeTextString(located(Uint8Array.of(0x8d, at.length, ...at)))?.text).toBe('1234567@');
  });

  it('distinguishes a null text string from an empty one', () => {
    expect(decodeTextString(located('8d00'))).toBeNull();
    expect(decodeTextString(located('8d0104'))).toEqual({ coding: 'gsm8', text: '' });
    expect(toHex(encodeTextString(null))).toBe('');
  });

  it.each([
    ['8d0224aa', 'CAT_BAD_DCS'],
    ['8d0280aa', 'CAT_BAD_DCS'],
    ['8d0408001700', 'CAT_BAD_TEXT'],
    ['8d030441c1', 'CAT_BAD_TEXT'],
  ])('rejects %s with %s', (hex, code) => {
    expect(() => decodeTextString(located(hex))).toThrow(expect.objectContaining({ code }));
  });

  it('refuses to encode characters outside the chosen alphabet', () => {
    expect(() => encodeTextString({ coding: 'gsm8', text: '你' })).toThrow(RangeError);
  });

  it('round-trips random text in every coding', () => {
    const gsmChars = fc.constantFrom(
      ...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà^{}\\[~]|€',
    );
    const gsmText = fc.array(gsmChars, { maxLength: 60 }).map((a) => a.join(''));
    const cases = fc.oneof(
      gsmText.map((text): TextString => ({ coding: 'gsm8', text })),
      gsmText
        .filter((t) => !t.endsWith('\r'))
        .map((text): TextString => ({ coding: 'gsm7Packed', text })),
      fc
        .string({ maxLength: 60, unit: 'grapheme-ascii' })
        .map((text): TextString => ({ coding: 'ucs2', text })),
    );
    fc.assert(
      fc.property(cases, (t) => {
        const value = encodeTextString(t);
        const tlv = encodeComprehensionTlv({ tag: 0x0d, comprehensionRequired: true, value });
        expect(decodeTextString(located(tlv))).toEqual(t);
      }),
      { seed: 8150, numRuns: 500 },
    );
  });

  it('random values only ever raise DecodeError', () => {
    fuzzDecoder((b) => decodeTextString(located(Uint8Array.of(0x0d, b.length, ...b))), {
      seed: 8151,
      maxLength: 120,
    });
  });
});

describe('SIM alphabet (TS 102 221 annex A)', () => {
  it.each([
    ['546f6f6c6b6974', 'Toolkit', 'GSM default alphabet'],
    ['546f6f6c6b6974ffff', 'Toolkit', 'with FF padding'],
    ['1b65', '€', 'extension table'],
    ['8030eb', 'ル', "UCS2 '80' (TS 102 384 SET UP CALL)"],
    ['8004170414ffffff', 'ЗД', "'80' with odd FF padding"],
    ['8103089741949900', 'ЗAД', "'81': base 0400, GSM 'A' between"],
    ['820304108741944f', 'ЗAФ', "'82': 16-bit base 0410"],
    ['', '', 'null alpha identifier'],
  ])('%s -> %s (%s)', (hex, text) => {
    expect(decodeSimAlphabet(fromHex(hex))).toBe(text);
  });

  it('encodes GSM when it can, UCS2 (80) otherwise', () => {
    expect(toHex(encodeSimAlphabet('Send SM'))).toBe('53656e6420534d');
    expect(toHex(encodeSimAlphabet('不忙'))).toBe('804e0d5fd9');
    expect(() => encodeSimAlphabet('😀')).toThrow(RangeError);
  });

  it.each([
    ['800417ab', 'odd byte'],
    ['8105084141', 'more characters than bytes'],
    ['81', 'header truncated'],
    ['41c1', 'b8 set'],
    ['41ff41', 'text after padding'],
  ])('rejects %s (%s)', (hex) => {
    expect(() => decodeSimAlphabet(fromHex(hex))).toThrow(
      expect.objectContaining({ code: 'CAT_BAD_ALPHA' }),
    );
  });

  it('round-trips random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        let bytes: Uint8Array;
        try {
          bytes = encodeSimAlphabet(text);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          return;
        }
        expect(decodeSimAlphabet(bytes)).toBe(text);
      }),
      { seed: 1022, numRuns: 500 },
    );
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder((b) => decodeSimAlphabet(b), { seed: 1023 });
    for (const scheme of [0x80, 0x81, 0x82]) {
      fuzzDecoder((b) => decodeSimAlphabet(Uint8Array.of(scheme, ...b)), {
        seed: scheme,
        numRuns: 500,
      });
    }
    expectOnlyDecodeError(() => decodeSimAlphabet(fromHex('1b')));
  });
});
