import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../protocol/bytes/index.ts';
import { toHex } from '../../../protocol/bytes/hex.ts';
import { decodePcm16le, encodePcm16le } from '../../../modem/io/pcm.ts';

describe('raw 16-bit little-endian PCM', () => {
  it('encodes with rounding and saturation', () => {
    expect(toHex(encodePcm16le(Float32Array.from([0, 1, -1, 0.5, -2, 1 / 65536])))).toBe(
      toHex(Uint8Array.from([0, 0, 0xff, 0x7f, 0, 0x80, 0, 0x40, 0, 0x80, 1, 0])),
    );
  });

  it('decodes every 16-bit value back exactly, aligned or not', () => {
    const all = Float32Array.from({ length: 65536 }, (_, i) => (i - 32768) / 32768);
    const bytes = encodePcm16le(all);
    expect(decodePcm16le(bytes)).toEqual(all);
    const unaligned = new Uint8Array(bytes.length + 1).subarray(1);
    unaligned.set(bytes);
    expect(decodePcm16le(unaligned)).toEqual(all);
  });

  it('rejects an odd byte count', () => {
    expect(() => decodePcm16le(new Uint8Array(3))).toThrow(DecodeError);
    expect(() => decodePcm16le(new Uint8Array(3))).toThrow(/PCM_ODD_LENGTH/);
  });
});
