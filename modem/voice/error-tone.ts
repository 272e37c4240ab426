// The special information tone of ITU-T E.180/Q.35: 950, 1400 and 1800 Hz, 330 ms each,
// played by the IVR before it ends a call it could not complete.

/** Frequencies of the three tone segments, in Hz. */
export const SIT_FREQUENCIES: readonly number[] = [950, 1400, 1800];
/** Duration of each segment, in ms. */
export const SIT_SEGMENT_MS = 330;

/** The error tone at the given sample rate and peak amplitude (full scale = 1). */
export function errorTone(sampleRate: number, amplitude: number): Float32Array {
  const segment = Math.round((SIT_SEGMENT_MS / 1000) * sampleRate);
  const out = new Float32Array(segment * SIT_FREQUENCIES.length);
  SIT_FREQUENCIES.forEach((hz, k) => {
    for (let n = 0; n < segment; n++)
      out[k * segment + n] = amplitude * Math.sin((2 * Math.PI * hz * n) / sampleRate);
  });
  return out;
}
