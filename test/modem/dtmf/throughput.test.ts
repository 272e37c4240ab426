// Fast signalling over an impaired line: 18.2 digits/s (35 ms tone, 20 ms pause), the fastest
// timing SpanDSP decodes without error on the same line (REFERENCE-VOICE §6).
import { describe, expect, it } from 'vitest';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { createRandom } from '../../../modem/random.ts';
import { decodeDigits, randomDigits, throughLine } from './helpers.ts';

const line = {
  sampleRate: 8000,
  codec: 'mulaw',
  levelDb: -10,
  signalDbm0: -10,
  twistDb: -3,
  snrDb: 20,
  driftPercent: 0.5,
} as const;

describe('DTMF at 18 digits/s on a µ-law line at −20 dBm0, twist −3 dB, SNR 20 dB, drift +0.5%', () => {
  it.each([1, 2, 3])(
    'decodes 320 random digits (repeats included) without error, seed %s',
    (seed) => {
      const digits = randomDigits(createRandom(seed), 320);
      const x = generateDtmf(digits, { sampleRate: 8000, toneMs: 35, gapMs: 20, levelDbm0: -10 });
      expect(decodeDigits(throughLine(x, line, seed))).toBe(digits);
    },
  );

  it('also with drift −0.5%', () => {
    const digits = randomDigits(createRandom(7), 320);
    const x = generateDtmf(digits, { sampleRate: 8000, toneMs: 35, gapMs: 20, levelDbm0: -10 });
    expect(decodeDigits(throughLine(x, { ...line, driftPercent: -0.5 }, 7))).toBe(digits);
  });
});
