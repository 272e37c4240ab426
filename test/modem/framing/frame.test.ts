import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../protocol/bytes/index.ts';
import { decodeFrame, encodeFrame, type Frame } from '../../../modem/framing/frame.ts';
import { expectOnlyDecodeError } from '../../support/codec-checks.ts';

const payloadArb = fc.string({
  unit: fc.constantFrom(...'0123456789*'.split('')),
  minLength: 1,
  maxLength: 120,
});
const dataArb = fc.record({
  kind: fc.constant('data' as const),
  seq: fc.integer({ min: 0, max: 9 }),
  payload: payloadArb,
});
const controlArb = fc.record({
  kind: fc.constant('control' as const),
  type: fc.constantFrom('ack' as const, 'nak' as const, 'hello' as const, 'select' as const),
  value: fc.integer({ min: 0, max: 9 }),
});
const frameArb: fc.Arbitrary<Frame> = fc.oneof(dataArb, controlArb);
const symbolArb = fc.constantFrom(...'0123456789*#'.split(''));

describe('voice frames', () => {
  it('lays a data frame out as seq, payload, CRC digits and #', () => {
    const text = encodeFrame({ kind: 'data', seq: 3, payload: '11*010' });
    expect(text).toMatch(/^311\*010\d{5}#$/);
    expect(decodeFrame(text)).toEqual({ kind: 'data', seq: 3, payload: '11*010' });
  });

  it.each([
    [{ kind: 'control', type: 'ack', value: 0 }, '*103#'],
    [{ kind: 'control', type: 'nak', value: 4 }, '*244#'],
    [{ kind: 'control', type: 'hello', value: 3 }, '*330#'],
    [{ kind: 'control', type: 'select', value: 2 }, '*426#'],
  ] as const)('lays control frame %o out as %s', (frame, text) => {
    expect(encodeFrame(frame)).toBe(text);
    expect(decodeFrame(text)).toEqual(frame);
  });

  it('round-trips every frame', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        expect(decodeFrame(encodeFrame(frame))).toEqual(frame);
      }),
      { seed: 41, numRuns: 1000 },
    );
  });

  it('detects every single-symbol error in data and control frames', () => {
    fc.assert(
      fc.property(frameArb, fc.nat(), symbolArb, (frame, where, replacement) => {
        const text = encodeFrame(frame);
        const at = where % text.length;
        fc.pre(text[at] !== replacement);
        const damaged = text.slice(0, at) + replacement + text.slice(at + 1);
        expect(() => decodeFrame(damaged)).toThrow(DecodeError);
      }),
      { seed: 42, numRuns: 5000 },
    );
  });

  it('detects every single-symbol error exhaustively on a payRequest-sized frame', () => {
    const text = encodeFrame({
      kind: 'data',
      seq: 7,
      payload: '10*011234567890*020987654321*032500',
    });
    for (let at = 0; at < text.length; at++) {
      for (const replacement of '0123456789*#') {
        if (text[at] === replacement) continue;
        const damaged = text.slice(0, at) + replacement + text.slice(at + 1);
        expect(() => decodeFrame(damaged), `${at} -> ${replacement}`).toThrow(DecodeError);
      }
    }
  });

  it('rejects every truncation and every dropped symbol', () => {
    const text = encodeFrame({ kind: 'data', seq: 1, payload: '20*01555' });
    for (let n = 0; n < text.length; n++) {
      expect(() => decodeFrame(text.slice(0, n))).toThrow(DecodeError);
      expect(() => decodeFrame(text.slice(0, n) + text.slice(n + 1))).toThrow(DecodeError);
    }
  });

  it.each([
    ['*1', 'FRAME_NO_TERMINATOR'],
    ['*104#', 'FRAME_BAD_CHECK'],
    ['*907#', 'FRAME_BAD_CONTROL'],
    ['1234#', 'FRAME_TOO_SHORT'],
    ['1A2345678#', 'FRAME_BAD_SYMBOL'],
    ['*103##', 'FRAME_TRAILING'],
    ['1'.repeat(600) + '#', 'FRAME_TOO_LONG'],
  ])('rejects %s with %s', (text, code) => {
    expect(() => decodeFrame(text)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses to encode what it could not carry', () => {
    expect(() => encodeFrame({ kind: 'data', seq: 10, payload: '1' })).toThrow(RangeError);
    expect(() => encodeFrame({ kind: 'data', seq: 1, payload: '1#' })).toThrow(RangeError);
    expect(() => encodeFrame({ kind: 'control', type: 'ack', value: 12 })).toThrow(RangeError);
  });

  it('sees only DecodeError on random symbol strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: symbolArb, maxLength: 40 }), (text) => {
        expectOnlyDecodeError(() => decodeFrame(text));
      }),
      { seed: 43, numRuns: 3000 },
    );
  });
});
