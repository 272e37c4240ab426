// ETSI TS 101 220 §7.1.1 BER-TLV: tag forms, length forms (table 7.1), sequences and limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  berTagClass,
  berTagIsConstructed,
  decodeBerTlv,
  decodeBerTlvSequence,
  encodeBerLength,
  encodeBerTag,
  encodeBerTlv,
  encodeBerTlvSequence,
  readBerLength,
} from '../../../protocol/tlv/index.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const examples = [
  // [hex, tag, value, what]
  [
    'd00c810301050082028182990104',
    0xd0,
    '810301050082028182990104',
    'proactive command (TS 102 223 §9.1)',
  ],
  ['d1020102', 0xd1, '0102', 'SMS-PP download tag with a one-byte length'],
  ['7f2103010203', 0x7f21, '010203', 'two-byte tag (ISO/IEC 7816-4 card-verifiable certificate)'],
  ['9f810102abcd', 0x9f8101, 'abcd', 'three-byte tag'],
  ['6200', 0x62, '', 'empty FCP template (TS 102 221 §11.1.1.3)'],
] as const;

describe('BER-TLV (TS 101 220 §7.1.1)', () => {
  it.each(examples)('%s: %s', (hex, tag, value) => {
    const tlv = decodeBerTlv(fromHex(hex));
    expect(tlv.tag).toBe(tag);
    expect(toHex(tlv.value)).toBe(value);
    expect(toHex(encodeBerTlv(tlv))).toBe(hex);
  });

  it.each([
    [0, '00'],
    [0x7f, '7f'],
    [0x80, '8180'],
    [0xff, '81ff'],
    [0x100, '820100'],
    [0xffff, '82ffff'],
  ])('length %i is coded %s (table 7.1)', (length, hex) => {
    expect(toHex(encodeBerLength(length))).toBe(hex);
    expect(readBerLength(new ByteReader(fromHex(hex), 'TLV'))).toBe(length);
  });

  it('decodes a long value with the 81 form', () => {
    const value = new Uint8Array(200).fill(0x41);
    const bytes = encodeBerTlv({ tag: 0xd0, value });
    expect(toHex(bytes.subarray(0, 3))).toBe('d081c8');
    expect(decodeBerTlv(bytes).value.length).toBe(200);
  });

  it.each([
    ['d08005', 'TLV_BAD_LENGTH', 'indefinite length'],
    ['d0817f' + '00'.repeat(127), 'TLV_BAD_LENGTH', '81 form for a short length'],
    ['d082007f' + '00'.repeat(127), 'TLV_BAD_LENGTH', '82 form for a short length'],
    ['d08300000100', 'TLV_BAD_LENGTH', 'three-byte length form'],
    ['000100', 'TLV_BAD_TAG', 'padding byte as tag'],
    ['ff0100', 'TLV_BAD_TAG', 'FF as tag'],
    ['5f0500', 'TLV_BAD_TAG', 'two-byte tag with a number below 31'],
    ['5f800100', 'TLV_BAD_TAG', 'leading zero in the tag number'],
    ['5f8181810100', 'TLV_BAD_TAG', 'four-byte tag'],
    ['d00101ff', 'TLV_TRAILING_BYTES', 'a byte after the object'],
  ])('rejects %s (%s: %s)', (hex, code) => {
    expect(() => decodeBerTlv(fromHex(hex))).toThrow(expect.objectContaining({ code }));
  });

  it('knows class and constructed bits', () => {
    expect(berTagIsConstructed(0xa2)).toBe(true);
    expect(berTagIsConstructed(0xd0)).toBe(false);
    expect(berTagIsConstructed(0x80)).toBe(false);
    expect(berTagIsConstructed(0x7f21)).toBe(true);
    expect(berTagClass(0xd0)).toBe(3);
    expect(berTagClass(0x9f8101)).toBe(2);
  });

  it('refuses tags it cannot encode', () => {
    expect(() => encodeBerTag(0)).toThrow(RangeError);
    expect(() => encodeBerTag(0x1f)).toThrow(RangeError);
    expect(() => encodeBerTag(0x5f05)).toThrow(RangeError);
    expect(() => encodeBerTag(0x1000000)).toThrow(RangeError);
    expect(() => encodeBerLength(0x10000)).toThrow(RangeError);
  });

  it('decodes and encodes sequences, with a limit on the object count', () => {
    const hex = '8001aa8100a2038401bb';
    const list = decodeBerTlvSequence(fromHex(hex));
    expect(list.map((t) => t.tag)).toEqual([0x80, 0x81, 0xa2]);
    expect(toHex(encodeBerTlvSequence(list))).toBe(hex);
    expect(decodeBerTlvSequence(new Uint8Array(0))).toEqual([]);
    expect(() => decodeBerTlvSequence(fromHex(hex), 2)).toThrow(
      expect.objectContaining({ code: 'TLV_TOO_MANY' }),
    );
  });

  it('rejects every truncation', () => {
    for (const [hex] of examples) expectEveryTruncationRejected(fromHex(hex), decodeBerTlv);
    expectEveryTruncationRejected(
      encodeBerTlv({ tag: 0xd0, value: new Uint8Array(300) }),
      decodeBerTlv,
    );
  });

  it('round-trips random objects', () => {
    const tag = fc.oneof(
      fc.integer({ min: 1, max: 0xfe }).filter((t) => (t & 0x1f) !== 0x1f),
      fc
        .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0x1f, max: 0x7f }))
        .map(([c, n]) => (((c << 5) | 0x1f) << 8) | n),
    );
    fc.assert(
      fc.property(tag, fc.uint8Array({ maxLength: 600 }), (t, value) => {
        const back = decodeBerTlv(encodeBerTlv({ tag: t, value }));
        expect(back.tag).toBe(t);
        expect(toHex(back.value)).toBe(toHex(value));
      }),
      { seed: 10122, numRuns: 500 },
    );
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder(decodeBerTlv, { seed: 1011 });
    fuzzDecoder((b) => decodeBerTlvSequence(b), { seed: 1012 });
  });
});
