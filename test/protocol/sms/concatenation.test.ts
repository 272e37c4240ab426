// TS 23.040 §9.2.3.24.1 / §9.2.3.24.8 concatenated short messages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import {
  ConcatenationBuffer,
  joinBodies,
  joinText,
  splitText,
} from '../../../protocol/sms/concatenation.ts';
import { DCS_GSM7 } from '../../../protocol/sms/dcs.ts';
import { encodeUserData } from '../../../protocol/sms/user-data.ts';

describe('concatenated messages (TS 23.040 §9.2.3.24.1)', () => {
  it('keeps 160 GSM 7 bit characters or 70 UCS2 characters in one part without a header', () => {
    const gsm = splitText('a'.repeat(160), { reference: 1 });
    expect(gsm.parts).toHaveLength(1);
    expect(gsm.parts[0]!.header).toBeUndefined();
    const ucs = splitText('ж'.repeat(70), { reference: 1 });
    expect(ucs.dcs).toMatchObject({ alphabet: 'ucs2' });
    expect(ucs.parts).toHaveLength(1);
  });

  it('splits 161 characters into 153 + 8 with IEI 00', () => {
    const { dcs, parts } = splitText('a'.repeat(161), { reference: 0xcc });
    expect(parts.map((p) => p.body.length)).toEqual([153, 8]);
    expect(parts[1]!.header).toEqual([
      { type: 'concat', referenceBits: 8, reference: 0xcc, total: 2, sequence: 2 },
    ]);
    expect(toHex(encodeUserData(dcs, parts[0]!)).slice(0, 14)).toBe('a0050003cc0201');
    expect(joinText(parts, dcs)).toBe('a'.repeat(161));
  });

  it('uses IEI 08 for 16-bit references and keeps extra elements in every part', () => {
    const port = { type: 'port', portBits: 16, destination: 0x23f0, source: 0 } as const;
    const { parts } = splitText('b'.repeat(300), {
      reference: 0x1234,
      referenceBits: 16,
      header: [port],
    });
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part.header?.[1]).toEqual(port);
    expect(parts.map((p) => p.body.length)).toEqual([145, 145, 10]);
  });

  it('never cuts an escape sequence or a surrogate pair', () => {
    const euroText = 'a'.repeat(152) + '€' + 'b'.repeat(10);
    const euro = splitText(euroText, { reference: 2 });
    expect(euro.parts.map((p) => p.body.length)).toEqual([152, 12]);
    expect(joinText(euro.parts, euro.dcs)).toBe(euroText);
    const emojiText = 'ж'.repeat(66) + '😀' + 'x'.repeat(5);
    const emoji = splitText(emojiText, { reference: 3 });
    expect(emoji.parts.map((p) => p.body.length)).toEqual([132, 14]);
    expect(joinText(emoji.parts, emoji.dcs)).toBe(emojiText);
  });

  it('refuses more than 255 parts and a forced alphabet that cannot carry the text', () => {
    expect(() => splitText('a'.repeat(153 * 256), { reference: 1 })).toThrow(RangeError);
    expect(() => splitText('ж', { reference: 1, alphabet: 'gsm7' })).toThrow(RangeError);
    expect(() => splitText('a'.repeat(200), { reference: 256 })).toThrow(RangeError);
  });

  it('joins only complete, consistent sets', () => {
    const { parts } = splitText('c'.repeat(400), { reference: 9 });
    expect(joinBodies([parts[2]!, parts[0]!, parts[1]!])?.length).toBe(400);
    expect(joinBodies(parts.slice(0, 2))).toBeUndefined();
    expect(joinBodies([parts[0]!, parts[0]!, parts[1]!])).toBeUndefined();
    const other = splitText('d'.repeat(400), { reference: 10 }).parts;
    expect(joinBodies([parts[0]!, other[1]!, parts[2]!])).toBeUndefined();
    expect(joinBodies([])).toBeUndefined();
  });

  it('a buffer collects parts per source, in any order, and bounds what it holds', () => {
    const buffer = new ConcatenationBuffer(2);
    const { parts } = splitText('e'.repeat(400), { reference: 5 });
    expect(buffer.add('+4670', parts[1]!)).toBeUndefined();
    expect(buffer.add('+4699', parts[0]!)).toBeUndefined();
    expect(buffer.add('+4670', parts[2]!)).toBeUndefined();
    expect(buffer.size).toBe(2);
    const done = buffer.add('+4670', parts[0]!);
    expect(done && joinText(done, DCS_GSM7)).toBe('e'.repeat(400));
    expect(buffer.size).toBe(1);
    buffer.add('a', parts[0]!);
    buffer.add('b', parts[0]!);
    expect(buffer.size).toBe(2);
    expect(buffer.add('x', { body: new Uint8Array(1) })).toHaveLength(1);
  });

  it('round-trips any text through split and join', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 1200, unit: 'grapheme' }),
        fc.integer({ min: 0, max: 255 }),
        (text, reference) => {
          const { dcs, parts } = splitText(text, { reference });
          for (const part of parts) expect(() => encodeUserData(dcs, part)).not.toThrow();
          expect(joinText(parts, dcs)).toBe(text);
        },
      ),
      { numRuns: 200, seed: 24 },
    );
  });
});
