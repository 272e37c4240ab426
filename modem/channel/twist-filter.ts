// Line twist (ITU-T Q.24 §4: the level difference between the DTMF high and low groups): a
// linear-phase FIR that passes the low group (≤ 941 Hz) unchanged and scales the high group
// (≥ 1209 Hz) by the twist, with its crossover between the two groups.

/** Crossover frequency between the Q.23 groups (midway between 941 and 1209 Hz). */
export const CROSSOVER_HZ = 1075;

/** Taps of a Hamming-windowed sinc low-pass at `cutoff` Hz (odd length, unity DC gain). */
export function lowPassTaps(cutoff: number, sampleRate: number, length: number): Float64Array {
  const taps = new Float64Array(length);
  const middle = (length - 1) / 2;
  const fc = cutoff / sampleRate;
  let sum = 0;
  for (let n = 0; n < length; n++) {
    const m = n - middle;
    const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
    const window = 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (length - 1));
    taps[n] = sinc * window;
    sum += taps[n] as number;
  }
  for (let n = 0; n < length; n++) taps[n] = (taps[n] as number) / sum;
  return taps;
}

/** Streaming FIR: low group ×1, high group ×10^(twist/20); delays the signal by (length − 1)/2 samples. */
export class TwistFilter {
  private readonly taps: Float64Array;
  private readonly history: Float64Array;
  private position = 0;

  constructor(twistDb: number, sampleRate: number) {
    const length = 2 * Math.round((64 * sampleRate) / 8000) + 1;
    const gain = 10 ** (twistDb / 20);
    const low = lowPassTaps(CROSSOVER_HZ, sampleRate, length);
    this.taps = low.map((h) => (1 - gain) * h);
    const middle = (length - 1) / 2;
    this.taps[middle] = (this.taps[middle] as number) + gain;
    this.history = new Float64Array(length);
  }

  /** Filters `samples` (same length out). */
  process(samples: Float32Array): Float32Array {
    const out = new Float32Array(samples.length);
    const taps = this.taps;
    const h = this.history;
    const length = taps.length;
    for (let i = 0; i < samples.length; i++) {
      h[this.position] = samples[i] as number;
      let acc = 0;
      let p = this.position;
      for (let k = 0; k < length; k++) {
        acc += (taps[k] as number) * (h[p] as number);
        p = p === 0 ? length - 1 : p - 1;
      }
      out[i] = acc;
      this.position = this.position + 1 === length ? 0 : this.position + 1;
    }
    return out;
  }
}
