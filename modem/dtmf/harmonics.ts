// Second-harmonic test against talk-off: ITU-T Q.23 §3 puts a transmitter's distortion products
// ≥ 20 dB below the fundamentals, while voiced speech carries strong harmonics of its pitch.
import { TONE_FREQUENCIES, dftEnergy, hannWindow } from './goertzel.ts';

/** A key's second harmonics must be at least this far below the tone (Q.23's 20 dB, with 6 dB margin). */
export const SECOND_HARMONIC_DB = -14;

/** Bins (of the window) within which a harmonic is masked by the other tone's main lobe and not tested. */
const MASKED_BINS = 2;

const HARMONIC_LIMIT = 10 ** (SECOND_HARMONIC_DB / 10);

/** True when neither tone of `code` in `window` has a second harmonic above SECOND_HARMONIC_DB. */
export function harmonicsOk(window: Float32Array, code: number, sampleRate: number): boolean {
  const fr = TONE_FREQUENCIES[code >> 2] as number;
  const fc = TONE_FREQUENCIES[4 + (code & 3)] as number;
  const hann = hannWindow(window.length);
  const windowed = new Float32Array(window.length);
  for (let i = 0; i < window.length; i++) windowed[i] = (window[i] as number) * (hann[i] as number);
  const binWidth = sampleRate / window.length;
  if (!harmonicOk(windowed, fc, sampleRate)) return false;
  if (Math.abs(2 * fr - fc) < MASKED_BINS * binWidth) return true;
  return harmonicOk(windowed, fr, sampleRate);
}

function harmonicOk(windowed: Float32Array, f: number, sampleRate: number): boolean {
  if (2 * f >= sampleRate / 2) return true;
  const fundamental = dftEnergy(windowed, f, sampleRate);
  return dftEnergy(windowed, 2 * f, sampleRate) <= fundamental * HARMONIC_LIMIT;
}
