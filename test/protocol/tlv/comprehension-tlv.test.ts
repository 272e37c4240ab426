// ETSI TS 101 220 §7.1.2 and TS 102 223 annex C: COMPREHENSION-TLV tag formats, CR flag, lengths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeComprehensionTlv,
  decodeComprehensionTlvSequence,
  encodeComprehensionTag,
  encodeComprehensionTlv,
  encodeComprehensionTlvSequence,
} from '../../../protocol/tlv/index.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const examples = [
  // [hex, tag, cr, value, what]
  ['8103012180', 0x01, true, '012180', 'command details with CR (TS 102 223 §8.6)'],
  ['0d050441424344', 0x0d, false, '0441424344', 'text string without CR'],
  ['82028281', 0x02, true, '8281', 'device identities terminal -> UICC'],
  ['9500', 0x15, true, '', 'help request, empty value (TS 102 223 §8.21)'],
  ['7f80800101', 0x80, true, '01', 'three-byte format with CR (TS 101 220 §7.1.2.1)'],
  ['7f012302aabb', 0x123, false, 'aabb', 'three-byte format without CR'],
] as const;

describe('COMPREHENSION-TLV (TS 101 220 §7.1.2)', () => {
  it.each(examples)('%s: %s', (hex, tag, cr, value) => {
    const tlv = decodeComprehensionTlv(fromHex(hex));
    expect(tlv.tag).toBe(tag);
    expect(tlv.comprehensionRequired).toBe(cr);
    expect(toHex(tlv.value)).toBe(value);
    expect(toHex(encodeComprehensionTlv(tlv))).toBe(hex);
  });

  it('uses the two-byte length 81 xx from 128 bytes (annex C)', () => {
    const bytes = encodeComprehensionTlv({
      tag: 0x0d,
      comprehensionRequired: true,
      value: new Uint8Array(0xa1),
    });
    expect(toHex(bytes.subarray(0, 3))).toBe('8d81a1');
    expect(decodeComprehensionTlv(bytes).value.length).toBe(0xa1);
  });

  it('accepts a small tag value in the three-byte format', () => {
    expect(decodeComprehensionTlv(fromHex('7f80010100'))).toEqual({
      tag: 1,
      comprehensionRequired: true,
      value: fromHex('00'),
    });
  });

  it.each([
    ['000100', 'CTLV_BAD_TAG'],
    ['800100', 'CTLV_BAD_TAG'],
    ['ff0100', 'CTLV_BAD_TAG'],
    ['7f800000', 'CTLV_BAD_TAG'],
    ['8d80', 'CTLV_BAD_LENGTH'],
    ['8d8105' + '00'.repeat(5), 'CTLV_BAD_LENGTH'],
    ['8d820100' + '00'.repeat(256), 'CTLV_BAD_LENGTH'],
    ['8d0100ff', 'CTLV_TRAILING_BYTES'],
  ])('rejects %s with %s', (hex, code) => {
    expect(() => decodeComprehensionTlv(fromHex(hex))).toThrow(expect.objectContaining({ code }));
  });

  it('refuses tags and values it cannot encode', () => {
    expect(() => encodeComprehensionTag(0, true)).toThrow(RangeError);
    expect(() => encodeComprehensionTag(0x8000, true)).toThrow(RangeError);
    expect(toHex(encodeComprehensionTag(0x7f, false))).toBe('7f007f');
    expect(() =>
      encodeComprehensionTlv({ tag: 1, comprehensionRequired: false, value: new Uint8Array(256) }),
    ).toThrow(RangeError);
  });

  it('decodes a sequence with whole-input error offsets', () => {
    const hex = '8103012100820281028d0404414243ff';
    const list = decodeComprehensionTlvSequence(fromHex(hex).subarray(0, 15));
    expect(list.map((t) => t.tag)).toEqual([1, 2, 0x0d]);
    expect(toHex(encodeComprehensionTlvSequence(list))).toBe(hex.slice(0, 30));
    expect(() => decodeComprehensionTlvSequence(fromHex('810301'), 10)).toThrow(
      expect.objectContaining({ code: 'CTLV_TRUNCATED', offset: 12 }),
    );
    expect(() => decodeComprehensionTlvSequence(fromHex('9500950095009500'), 0, 3)).toThrow(
      expect.objectContaining({ code: 'CTLV_TOO_MANY' }),
    );
  });

  it('rejects every truncation', () => {
    for (const [hex] of examples) {
      expectEveryTruncationRejected(fromHex(hex), decodeComprehensionTlv);
    }
  });

  it('round-trips random objects', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fff }),
        fc.boolean(),
        fc.uint8Array({ maxLength: 255 }),
        (tag, cr, value) => {
          const back = decodeComprehensionTlv(
            encodeComprehensionTlv({ tag, comprehensionRequired: cr, value }),
          );
          expect(back).toEqual({ tag, comprehensionRequired: cr, value });
        },
      ),
      { seed: 7122, numRuns: 500 },
    );
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder(decodeComprehensionTlv, { seed: 1021 });
    fuzzDecoder((b) => decodeComprehensionTlvSequence(b), { seed: 1022 });
  });
});
