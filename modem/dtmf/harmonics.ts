// Second-harmonic test against talk-off: ITU-T Q.23 §3 puts a transmitter's distortion products
// ≥ 20 dB below the fundamentals, while voiced speech carries strong harmonics of its pitch.
import { TONE_FREQUENCIES, hannWindow } from './goertzel.ts';

/** A key's second harmonics must be at least this far below the tone (Q.23's 20 dB, with 6 dB margin). */
export const SECOND_HARMONIC_DB = -14;

/** Bins (of the window) within which a harmonic is masked by the other tone's main lobe and not tested. */
const MASKED_BINS = 2;

const HARMONIC_LIMIT = 10 ** (SECOND_HARMONIC_DB / 10);

/** The harmonic test for one window length and sample rate, with its Hann window precomputed. */
export class HarmonicTest {
  private readonly hann: Float32Array;
  private readonly energies = new Float64Array(4);
  /** Per key code: Goertzel coefficients 2·cos(ω) of row, 2×row, column, 2×column. */
  private readonly coefficients = new Float64Array(64);

  constructor(
    private readonly windowLength: number,
    private readonly sampleRate: number,
  ) {
    this.hann = hannWindow(windowLength);
    for (let code = 0; code < 16; code++) {
      const fr = TONE_FREQUENCIES[code >> 2] as number;
      const fc = TONE_FREQUENCIES[4 + (code & 3)] as number;
      [fr, 2 * fr, fc, 2 * fc].forEach((f, i) => {
        this.coefficients[4 * code + i] = 2 * Math.cos((2 * Math.PI * f) / sampleRate);
      });
    }
  }

  /** True when neither tone of `code` in `window` has a second harmonic above SECOND_HARMONIC_DB. */
  passes(window: Float32Array, code: number): boolean {
    const fr = TONE_FREQUENCIES[code >> 2] as number;
    const fc = TONE_FREQUENCIES[4 + (code & 3)] as number;
    this.windowedEnergies(window, code);
    const e = this.energies;
    const nyquist = this.sampleRate / 2;
    if (2 * fc < nyquist && (e[3] as number) > (e[2] as number) * HARMONIC_LIMIT) return false;
    const masked = Math.abs(2 * fr - fc) < (MASKED_BINS * this.sampleRate) / this.windowLength;
    return masked || 2 * fr >= nyquist || (e[1] as number) <= (e[0] as number) * HARMONIC_LIMIT;
  }

  /** Hann-windowed DFT energy at the four frequencies of `code`, in one pass. */
  private windowedEnergies(x: Float32Array, code: number): void {
    const w = this.hann;
    const k = this.coefficients;
    const k0 = k[4 * code] as number;
    const k1 = k[4 * code + 1] as number;
    const k2 = k[4 * code + 2] as number;
    const k3 = k[4 * code + 3] as number;
    let a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0; // prettier-ignore
    for (let i = 0; i < this.windowLength; i++) {
      const v = (x[i] as number) * (w[i] as number);
      let t = v + k0 * a0 - b0;
      b0 = a0;
      a0 = t;
      t = v + k1 * a1 - b1;
      b1 = a1;
      a1 = t;
      t = v + k2 * a2 - b2;
      b2 = a2;
      a2 = t;
      t = v + k3 * a3 - b3;
      b3 = a3;
      a3 = t;
    }
    const e = this.energies;
    e[0] = a0 * a0 + b0 * b0 - k0 * a0 * b0;
    e[1] = a1 * a1 + b1 * b1 - k1 * a1 * b1;
    e[2] = a2 * a2 + b2 * b2 - k2 * a2 * b2;
    e[3] = a3 * a3 + b3 * b3 - k3 * a3 * b3;
  }
}
