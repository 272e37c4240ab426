import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWavPcm16 } from '../../../../modem/voice/io/wav-file.ts';
import {
  expectEveryTruncationDecodesOrRejects,
  fuzzDecoder,
} from '../../../support/codec-checks.ts';
import { toHex } from '../../../../protocol/bytes/index.ts';

describe('WAV files', () => {
  it('writes the canonical 44-byte PCM header (RIFF/WAVE, fmt PCM mono 16-bit)', () => {
    const bytes = encodeWavPcm16(Float32Array.of(0, 0.5, -1), 8000);
    expect(toHex(bytes.subarray(0, 44))).toBe(
      '52494646' +
        '2a000000' +
        '57415645' +
        '666d7420' +
        '10000000' +
        '0100' +
        '0100' +
        '401f0000' +
        '803e0000' +
        '0200' +
        '1000' +
        '64617461' +
        '06000000',
    );
    expect(toHex(bytes.subarray(44))).toBe('000000400180');
  });

  it('round-trips samples within 16-bit precision', () => {
    fc.assert(
      fc.property(fc.float32Array({ noNaN: true, min: -1, max: 1, maxLength: 200 }), (samples) => {
        const back = decodeWav(encodeWavPcm16(samples, 16000));
        expect(back.sampleRate).toBe(16000);
        back.samples.forEach((x, i) => expect(Math.abs(x - (samples[i] ?? 0))).toBeLessThan(1e-4));
      }),
      { seed: 16, numRuns: 100 },
    );
  });

  it('rejects truncations and random bytes with DecodeError only', () => {
    expectEveryTruncationDecodesOrRejects(
      encodeWavPcm16(Float32Array.of(0.1, 0.2), 8000),
      decodeWav,
    );
    fuzzDecoder(decodeWav, { seed: 17, numRuns: 500 });
    expect(() => decodeWav(new Uint8Array(4))).toThrow(
      expect.objectContaining({ code: 'WAV_NOT_RIFF' }),
    );
  });
});
