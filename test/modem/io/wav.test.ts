import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../protocol/bytes/index.ts';
import { toHex } from '../../../protocol/bytes/hex.ts';
import { readWav, writeWav } from '../../../modem/io/wav.ts';

/** A canonical 44-byte RIFF/WAVE header (format tag, channels, rate, bits) followed by `data`. */
function wavFile(tag: number, channels: number, rate: number, bits: number, data: Uint8Array) {
  const b = new Uint8Array(44 + data.length);
  const v = new DataView(b.buffer);
  b.set(new TextEncoder().encode('RIFF'), 0);
  v.setUint32(4, 36 + data.length, true);
  b.set(new TextEncoder().encode('WAVEfmt '), 8);
  v.setUint32(16, 16, true);
  v.setUint16(20, tag, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, (rate * channels * bits) / 8, true);
  v.setUint16(32, (channels * bits) / 8, true);
  v.setUint16(34, bits, true);
  b.set(new TextEncoder().encode('data'), 36);
  v.setUint32(40, data.length, true);
  b.set(data, 44);
  return b;
}

async function rejection(promise: Promise<unknown>): Promise<DecodeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error('expected a DecodeError');
}

describe('WAV files (RIFF WAVE, 16-bit PCM mono)', () => {
  it('writes the canonical 44-byte header and little-endian samples', async () => {
    const bytes = await writeWav({ sampleRate: 8000, samples: Float32Array.from([0, 0.5, -1]) });
    expect(toHex(bytes)).toBe(
      toHex(wavFile(1, 1, 8000, 16, Uint8Array.from([0x00, 0x00, 0x00, 0x40, 0x00, 0x80]))),
    );
  });

  it.each([8000, 11025, 22050, 44100])('round-trips samples at %s Hz', async (rate) => {
    const samples = Float32Array.from(
      { length: 1000 },
      (_, i) => Math.round(Math.sin(i) * 30000) / 32768,
    );
    const audio = await readWav(await writeWav({ sampleRate: rate, samples }));
    expect(audio.sampleRate).toBe(rate);
    expect(audio.samples).toEqual(samples);
  });

  it.each([
    [wavFile(1, 2, 8000, 16, new Uint8Array(8)), 'WAV_CHANNELS', /2 channels; need mono/],
    [wavFile(3, 1, 8000, 32, new Uint8Array(8)), 'WAV_NOT_PCM', /IEEE float/],
    [wavFile(7, 1, 8000, 8, new Uint8Array(8)), 'WAV_NOT_PCM', /µ-law/],
    [wavFile(1, 1, 8000, 8, new Uint8Array(8)), 'WAV_BIT_DEPTH', /8-bit samples/],
    [new TextEncoder().encode('OggS and not a wave file at all'), 'WAV_BAD_HEADER', /RIFF/],
  ])('refuses a file that is not 16-bit PCM mono (%#)', async (bytes, code, message) => {
    const error = await rejection(readWav(bytes));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('rejects every truncation of the header and accepts truncated data', async () => {
    const file = wavFile(1, 1, 8000, 16, new Uint8Array([1, 0, 2, 0, 3]));
    for (let n = 0; n < 44; n++)
      expect((await rejection(readWav(file.slice(0, n)))).code).toMatch(/^WAV_/);
    expect((await readWav(file.slice(0, 47))).samples).toHaveLength(1);
    expect((await readWav(file)).samples).toHaveLength(2);
  });

  it('throws only DecodeError on random bytes and damaged headers', async () => {
    const good = wavFile(1, 1, 8000, 16, new Uint8Array(16));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 80 }),
          fc
            .tuple(fc.integer({ min: 0, max: 43 }), fc.integer({ min: 0, max: 255 }))
            .map(([i, v]) => {
              const b = good.slice();
              b[i] = v;
              return b;
            }),
        ),
        async (bytes) => {
          try {
            await readWav(bytes);
          } catch (error) {
            if (!(error instanceof DecodeError)) throw error;
          }
        },
      ),
      { numRuns: 500, seed: 2361 },
    );
  });
});
