import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FskDemodulator } from '../../../modem/fsk/fsk-demodulator.ts';
import { modulateFsk } from '../../../modem/fsk/fsk-modulator.ts';
import { BELL_202, uartBits, V23, type FskProfile } from '../../../modem/fsk/fsk-profile.ts';

function noise(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function send(
  bytes: Uint8Array,
  profile: FskProfile,
  sampleRate: number,
  snrDb = Infinity,
  seed = 1,
) {
  const amplitude = 0.1;
  const clean = modulateFsk(bytes, { sampleRate, profile, amplitude, leadMs: 30, tailMs: 10 });
  const gauss = noise(seed);
  const sigma = amplitude / Math.SQRT2 / 10 ** (snrDb / 20);
  const out = new Float32Array(clean.length + 200);
  for (let i = 0; i < out.length; i++)
    out[i] = (clean[i] ?? 0) + (Number.isFinite(snrDb) ? sigma * gauss() : 0);
  return out;
}

function receive(
  samples: Float32Array,
  profile: FskProfile,
  sampleRate: number,
  block: number,
): number[] {
  const demodulator = new FskDemodulator({ sampleRate, profile });
  const bytes: number[] = [];
  for (let i = 0; i < samples.length; i += block)
    bytes.push(...demodulator.push(samples.subarray(i, i + block)).map((c) => c.byte));
  return bytes;
}

const frameText = new TextEncoder().encode('310*011234567890*020987654321*03250012345#');

describe('asynchronous FSK (Bell 202, V.23)', () => {
  it('frames a character as start bit (space), 8 data bits LSB first, stop bit (mark)', () => {
    expect(uartBits(0x31)).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0, 1]);
  });

  it('sends 1200 bit/s: 10 bits a character after the lead-in', () => {
    const samples = modulateFsk(Uint8Array.of(0x55), {
      sampleRate: 8000,
      profile: BELL_202,
      amplitude: 0.5,
      leadMs: 0,
      tailMs: 0,
    });
    expect(samples.length).toBe(Math.round((10 * 8000) / 1200));
    expect(Math.max(...samples)).toBeLessThanOrEqual(0.5);
  });

  it.each([
    [BELL_202, 8000],
    [BELL_202, 16000],
    [V23, 16000],
    [BELL_202, 44100],
  ])('round-trips a frame with %o at %i Hz, whatever the block size', (profile, rate) => {
    const samples = send(frameText, profile, rate);
    for (const block of [1, 7, 160, 4096])
      expect(receive(samples, profile, rate, block)).toEqual([...frameText]);
  });

  it('round-trips random bytes at 8 kHz', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) => {
        expect(receive(send(bytes, BELL_202, 8000), BELL_202, 8000, 160)).toEqual([...bytes]);
      }),
      { seed: 202, numRuns: 60 },
    );
  });

  it('round-trips a frame through white noise at 15 dB SNR (Bell 202, 8 kHz)', () => {
    for (let seed = 1; seed <= 10; seed++)
      expect(receive(send(frameText, BELL_202, 8000, 15, seed), BELL_202, 8000, 160)).toEqual([
        ...frameText,
      ]);
  });

  it('tolerates a 1% slower line (sample clock drift)', () => {
    const samples = modulateFsk(frameText, {
      sampleRate: 8080,
      profile: BELL_202,
      amplitude: 0.1,
      leadMs: 30,
      tailMs: 10,
    });
    expect(receive(samples, BELL_202, 8000, 160)).toEqual([...frameText]);
  });

  it('decodes nothing from silence or from noise alone', () => {
    expect(receive(new Float32Array(8000), BELL_202, 8000, 160)).toEqual([]);
    const gauss = noise(9);
    const hiss = Float32Array.from({ length: 8000 }, () => 0.01 * gauss());
    expect(receive(hiss, BELL_202, 8000, 160)).toEqual([]);
  });
});
