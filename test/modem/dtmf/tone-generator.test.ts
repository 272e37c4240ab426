import { describe, expect, it } from 'vitest';
import { goertzelEnergy } from '../../../modem/dtmf/goertzel.ts';
import { COLUMN_FREQUENCIES, DTMF_KEYS, ROW_FREQUENCIES } from '../../../modem/dtmf/keys.ts';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { dbm0ToAmplitude } from '../../../modem/level.ts';

const options = { sampleRate: 8000, toneMs: 50, gapMs: 30, levelDbm0: -10 };

/** Amplitude of the sine at `f` in the first `n` samples (DFT magnitude × 2/n). */
function amplitude(x: Float32Array, f: number, n: number): number {
  return (2 * Math.sqrt(goertzelEnergy(x, 0, n, f, 8000))) / n;
}

describe('DTMF tone generator (ITU-T Q.23)', () => {
  it.each([...DTMF_KEYS])('sends key %s as its row and column frequency (Q.23 Table 1)', (key) => {
    const x = generateDtmf(key, options);
    const index = DTMF_KEYS.indexOf(key);
    const row = ROW_FREQUENCIES[index >> 2] as number;
    const column = COLUMN_FREQUENCIES[index & 3] as number;
    const n = 400;
    expect(amplitude(x, row, n)).toBeCloseTo(dbm0ToAmplitude(-10), 2);
    expect(amplitude(x, column, n)).toBeCloseTo(dbm0ToAmplitude(-10), 2);
    for (const f of [...ROW_FREQUENCIES, ...COLUMN_FREQUENCIES].filter(
      (g) => g !== row && g !== column,
    ))
      expect(amplitude(x, f, n)).toBeLessThan(dbm0ToAmplitude(-30));
  });

  it('lays out tone then gap for each digit', () => {
    const x = generateDtmf('123', options);
    expect(x.length).toBe(3 * (400 + 240));
    expect(x.subarray(400, 640).every((v) => v === 0)).toBe(true);
    expect(x.subarray(640, 1040).some((v) => v !== 0)).toBe(true);
  });

  it('applies twist to the high group only', () => {
    const x = generateDtmf('5', { ...options, twistDb: -6 });
    expect(amplitude(x, 770, 400)).toBeCloseTo(dbm0ToAmplitude(-10), 2);
    expect(amplitude(x, 1336, 400)).toBeCloseTo(dbm0ToAmplitude(-16), 2);
  });

  it('accepts lower-case A-D and rejects other characters', () => {
    expect(generateDtmf('abcd', options)).toEqual(generateDtmf('ABCD', options));
    expect(() => generateDtmf('12E', options)).toThrow(/'E' is not a DTMF key/);
    expect(() => generateDtmf('1', { ...options, sampleRate: 1000 })).toThrow(RangeError);
  });
});
