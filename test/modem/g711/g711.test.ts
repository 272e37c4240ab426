import { describe, expect, it } from 'vitest';
import {
  aLawCompress,
  aLawExpand,
  decodeALaw,
  decodeMuLaw,
  encodeALaw,
  encodeMuLaw,
  muLawCompress,
  muLawExpand,
} from '../../../modem/g711/index.ts';
import { rms, rmsToDbm0 } from '../../../modem/level.ts';

const allCodes = Array.from({ length: 256 }, (_, c) => c);

/**
 * Every 16-bit input lands on the level of its own quantization interval: within half a step
 * (plus one unit of the 14- or 13-bit scale) of the input, and monotonically (Tables 1a/2a).
 */
function expectQuantizedInInterval(
  compress: (x: number) => number,
  expand: (c: number) => number,
  unit: number,
) {
  let previous = -Infinity;
  for (let x = -32768; x <= 32767; x++) {
    const code = compress(x);
    const level = expand(code);
    const step = Math.abs(level - expand(code ^ 1));
    const clipped = Math.abs(x) > 32124 ? Math.abs(x) - 32124 : 0;
    if (Math.abs(level - x) > step / 2 + unit + clipped) throw new Error(`x=${x} -> ${level}`);
    if (level < previous) throw new Error(`not monotonic at x=${x}`);
    previous = level;
  }
}

describe('G.711 µ-law (§3, Table 2a/2b)', () => {
  it.each([
    [0xff, 0],
    [0x7f, 0],
    [0x80, 32124],
    [0x00, -32124],
    [0xfe, 8],
    [0xf0, 30 * 4],
    [0xef, 33 * 4],
    [0x1e, -8828],
    [0x8b, 20860],
    [0x01, -31100],
  ])('decodes code %s to %s (Table 2b value ×4)', (code, linear) => {
    expect(muLawExpand(code)).toBe(linear);
  });

  it.each([
    [0, 0xff],
    [-1, 0x7f],
    [32767, 0x80],
    [-32768, 0x00],
    [8828, 0x9e],
  ])('encodes %s to code %s (Table 2a)', (linear, code) => {
    expect(muLawCompress(linear)).toBe(code);
  });

  it('round-trips every code except negative zero (0x7F decodes to 0, re-encoded as 0xFF)', () => {
    for (const c of allCodes) expect(muLawCompress(muLawExpand(c))).toBe(c === 0x7f ? 0xff : c);
  });

  it('quantizes every 16-bit value within its interval, monotonically', () => {
    expectQuantizedInInterval(muLawCompress, muLawExpand, 4);
  });

  it('decodes the digital milliwatt (Table 5) to 0 dBm0', () => {
    const dmw = Uint8Array.from([0x1e, 0x0b, 0x0b, 0x1e, 0x9e, 0x8b, 0x8b, 0x9e]);
    expect(rmsToDbm0(rms(decodeMuLaw(dmw)))).toBeCloseTo(0, 1);
  });

  it('round-trips float arrays through the codes', () => {
    const codes = Uint8Array.from(allCodes);
    expect([...encodeMuLaw(decodeMuLaw(codes))]).toEqual(
      allCodes.map((c) => (c === 0x7f ? 0xff : c)),
    );
  });
});

describe('G.711 A-law (§2, Table 1a/1b)', () => {
  it.each([
    [0xd5, 8],
    [0x55, -8],
    [0xaa, 32256],
    [0x2a, -32256],
    [0xd4, 24],
    [0x34, -1120 * 8],
    [0xa1, 2624 * 8],
    [0x00, -5504],
    [0x01, -5248],
    [0x02, -6016],
  ])('decodes code %s to %s (Table 1b value ×8)', (code, linear) => {
    expect(aLawExpand(code)).toBe(linear);
  });

  it.each([
    [0, 0xd5],
    [-1, 0x55],
    [32767, 0xaa],
    [-32768, 0x2a],
  ])('encodes %s to code %s (Table 1a)', (linear, code) => {
    expect(aLawCompress(linear)).toBe(code);
  });

  it('round-trips all 256 codes', () => {
    for (const c of allCodes) expect(aLawCompress(aLawExpand(c))).toBe(c);
    expect([...encodeALaw(decodeALaw(Uint8Array.from(allCodes)))]).toEqual(allCodes);
  });

  it('quantizes every 16-bit value within its interval, monotonically', () => {
    expectQuantizedInInterval(aLawCompress, aLawExpand, 8);
  });

  it('decodes the digital milliwatt (Table 6) to 0 dBm0 within the 0.03 dB A-law/µ-law offset', () => {
    const dmw = Uint8Array.from([0x34, 0x21, 0x21, 0x34, 0xb4, 0xa1, 0xa1, 0xb4]);
    expect(Math.abs(rmsToDbm0(rms(decodeALaw(dmw))))).toBeLessThan(0.1);
  });
});
