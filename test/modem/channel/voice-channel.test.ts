import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VoiceChannel, type VoiceChannelOptions } from '../../../modem/channel/voice-channel.ts';
import { goertzelEnergy } from '../../../modem/dtmf/goertzel.ts';
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from '../../../modem/g711/index.ts';
import { dbm0ToAmplitude, rms, rmsToDbm0 } from '../../../modem/level.ts';
import { createRandom } from '../../../modem/random.ts';

const RATE = 8000;

function sine(f: number, dbm0: number, n: number): Float32Array {
  const a = dbm0ToAmplitude(dbm0);
  return Float32Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * f * i) / RATE));
}

function run(options: Omit<VoiceChannelOptions, 'sampleRate'>, x: Float32Array, seed = 1) {
  return new VoiceChannel({ sampleRate: RATE, ...options }, createRandom(seed)).process(x);
}

/** Level in dBm0 of the sine at `f` in `x` (DFT over the whole array). */
function toneDbm0(x: Float32Array, f: number): number {
  const amplitude = (2 * Math.sqrt(goertzelEnergy(x, 0, x.length, f, RATE))) / x.length;
  return rmsToDbm0(amplitude / Math.SQRT2);
}

describe('voice channel model', () => {
  it('is transparent with default options', () => {
    const x = sine(1000, -10, 800);
    expect(run({}, x)).toEqual(x);
  });

  it('applies the level in dB', () => {
    expect(rmsToDbm0(rms(run({ levelDb: -12 }, sine(1000, -10, 8000))))).toBeCloseTo(-22, 2);
  });

  it('scales the high group by the twist and leaves the low group alone', () => {
    for (const [f, expected] of [
      [697, -10],
      [941, -10],
      [1209, -16],
      [1633, -16],
    ] as const) {
      const out = run({ twistDb: -6 }, sine(f, -10, 4000)).subarray(200);
      expect(toneDbm0(out, f), `${f} Hz`).toBeCloseTo(expected, 1);
    }
  });

  it('moves every frequency by the drift percentage', () => {
    const out = run({ driftPercent: 1 }, sine(1000, -10, 8000));
    expect(out.length).toBeGreaterThanOrEqual(7919);
    expect(out.length).toBeLessThanOrEqual(7922);
    expect(toneDbm0(out, 1010)).toBeCloseTo(-10, 0);
    expect(toneDbm0(out, 1000)).toBeLessThan(-25);
  });

  it('adds white noise at the given per-tone signal-to-noise ratio', () => {
    const out = run({ snrDb: 20, signalDbm0: -10, levelDb: -5 }, new Float32Array(80000));
    expect(rmsToDbm0(rms(out))).toBeCloseTo(-35, 1);
  });

  it('clips at the clip level', () => {
    const out = run({ clipLevel: 0.25 }, sine(500, 0, 800));
    expect(Math.max(...out)).toBeCloseTo(0.25, 6);
    expect(Math.min(...out)).toBeCloseTo(-0.25, 6);
  });

  it.each([
    ['mulaw', encodeMuLaw, decodeMuLaw],
    ['alaw', encodeALaw, decodeALaw],
  ] as const)('round-trips through %s', (codec, encode, decode) => {
    const x = sine(1000, -10, 800);
    expect(run({ codec }, x)).toEqual(decode(encode(x)));
  });

  it('zeroes whole 20 ms frames at the loss rate', () => {
    const x = new Float32Array(160 * 2000).fill(0.1);
    const out = run({ frameLossRate: 0.1 }, x, 3);
    let lost = 0;
    for (let f = 0; f < 2000; f++) {
      const frame = out.subarray(f * 160, (f + 1) * 160);
      const zeros = frame.filter((v) => v === 0).length;
      expect(zeros === 0 || zeros === 160).toBe(true);
      if (zeros === 160) lost++;
    }
    expect(lost).toBeGreaterThan(160);
    expect(lost).toBeLessThan(240);
  });

  it('is reproducible per seed and gives the same output for any split of the input', () => {
    const options = {
      codec: 'alaw',
      levelDb: -6,
      twistDb: -3,
      snrDb: 20,
      driftPercent: -0.7,
      clipLevel: 0.5,
      frameLossRate: 0.05,
    } as const;
    const x = sine(941, -5, 4000).map((v, i) => v + (sine(1477, -8, 4000)[i] as number));
    const whole = run(options, x, 11);
    expect(run(options, x, 11)).toEqual(whole);
    expect(run(options, x, 12)).not.toEqual(whole);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: x.length }), { maxLength: 20 }),
        (cuts) => {
          const channel = new VoiceChannel({ sampleRate: RATE, ...options }, createRandom(11));
          const parts: Float32Array[] = [];
          let from = 0;
          for (const cut of [...[...cuts].sort((a, b) => a - b), x.length]) {
            parts.push(channel.process(x.subarray(from, cut)));
            from = cut;
          }
          const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
          let o = 0;
          for (const p of parts) {
            joined.set(p, o);
            o += p.length;
          }
          expect(joined).toEqual(whole);
        },
      ),
      { numRuns: 40, seed: 711 },
    );
  });

  it('rejects impossible options', () => {
    const random = createRandom(1);
    expect(() => new VoiceChannel({ sampleRate: 100 }, random)).toThrow(RangeError);
    expect(() => new VoiceChannel({ sampleRate: RATE, frameLossRate: 2 }, random)).toThrow(
      RangeError,
    );
    expect(() => new VoiceChannel({ sampleRate: RATE, clipLevel: 0 }, random)).toThrow(RangeError);
  });
});
