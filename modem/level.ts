// Signal levels in dBm0 per ITU-T G.711 §4 (Tables 1a/2a): the µ-law coder's theoretical
// maximum is +3.17 dBm0, so a 0 dBm0 sine has a peak 3.17 dB below full scale. Samples are
// Float32 in [-1, 1] with full scale 1.0 at the G.711 maximum; the µ-law figure is the reference.

/** G.711 §4: a full-scale sine on the µ-law coder is +3.17 dBm0 (A-law: +3.14 dBm0). */
export const FULL_SCALE_SINE_DBM0 = 3.17;

/** Peak amplitude of a sine at `dbm0` (full scale 1.0). */
export function dbm0ToAmplitude(dbm0: number): number {
  return 10 ** ((dbm0 - FULL_SCALE_SINE_DBM0) / 20);
}

/** RMS value of a sine at `dbm0`. */
export function dbm0ToRms(dbm0: number): number {
  return dbm0ToAmplitude(dbm0) / Math.SQRT2;
}

/** Level in dBm0 of a signal whose RMS value is `rms` (-Infinity for silence). */
export function rmsToDbm0(rms: number): number {
  return 20 * Math.log10(rms * Math.SQRT2) + FULL_SCALE_SINE_DBM0;
}

/** RMS value of `samples` (0 for an empty array). */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i] as number;
    sum += x * x;
  }
  return Math.sqrt(sum / samples.length);
}

/** Converts a gain in dB to a linear amplitude factor. */
export function dbToGain(db: number): number {
  return 10 ** (db / 20);
}
