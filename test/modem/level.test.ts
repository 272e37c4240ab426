import { describe, expect, it } from 'vitest';
import { dbm0ToAmplitude, dbm0ToRms, rms, rmsToDbm0 } from '../../modem/level.ts';

describe('dBm0 levels (G.711 §4, µ-law reference)', () => {
  it('puts a full-scale sine at +3.17 dBm0', () => {
    expect(dbm0ToAmplitude(3.17)).toBeCloseTo(1, 12);
    expect(rmsToDbm0(Math.SQRT1_2)).toBeCloseTo(3.17, 12);
  });

  it('converts both ways', () => {
    for (const level of [-60, -20, -10, 0, 3])
      expect(rmsToDbm0(dbm0ToRms(level))).toBeCloseTo(level, 10);
  });

  it('measures a sine', () => {
    const a = dbm0ToAmplitude(-10);
    const x = Float32Array.from(
      { length: 8000 },
      (_, n) => a * Math.sin((2 * Math.PI * 1000 * n) / 8000),
    );
    expect(rmsToDbm0(rms(x))).toBeCloseTo(-10, 3);
    expect(rms(new Float32Array(0))).toBe(0);
  });
});
