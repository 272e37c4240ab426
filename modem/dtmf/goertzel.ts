// The Goertzel algorithm (a single DFT bin by a second-order recursion), as used by DTMF receivers
// since the Bell Labs designs; here one bin per Q.23 tone, evaluated over short sub-blocks so that
// the block detector can combine them coherently and measure each tone's frequency offset.
import { COLUMN_FREQUENCIES, ROW_FREQUENCIES } from './keys.ts';

/** The eight Q.23 frequencies, rows first. */
export const TONE_FREQUENCIES: readonly number[] = [...ROW_FREQUENCIES, ...COLUMN_FREQUENCIES];

/** Per-tone constants of a Goertzel bin at a given sample rate. */
export interface GoertzelBin {
  readonly frequency: number;
  /** 2·cos(ω) */
  readonly coefficient: number;
  readonly cos: number;
  readonly sin: number;
}

/** The Goertzel constants for `frequency` at `sampleRate`. */
export function goertzelBin(frequency: number, sampleRate: number): GoertzelBin {
  const w = (2 * Math.PI * frequency) / sampleRate;
  return { frequency, coefficient: 2 * Math.cos(w), cos: Math.cos(w), sin: Math.sin(w) };
}

/** Squared magnitude of the DFT of `samples[start .. start + length)` at `frequency`. */
export function goertzelEnergy(
  samples: Float32Array,
  start: number,
  length: number,
  frequency: number,
  sampleRate: number,
): number {
  const bin = goertzelBin(frequency, sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < start + length; i++) {
    const s0 = (samples[i] as number) + bin.coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - bin.coefficient * s1 * s2;
}

/**
 * Eight Goertzel filters (the Q.23 tones) run together over one sub-block; each tone's output
 * y = s1 − e^(−jω)·s2 is the DFT bin up to a phase that is fixed per tone.
 */
export class DtmfGoertzelBank {
  private readonly coefficients: Float64Array;
  private readonly bins: readonly GoertzelBin[];
  private readonly state = new Float64Array(16);

  constructor(sampleRate: number) {
    this.bins = TONE_FREQUENCIES.map((f) => goertzelBin(f, sampleRate));
    this.coefficients = Float64Array.from(this.bins, (b) => b.coefficient);
  }

  /** Runs the eight filters over `samples[start .. end)` and writes the outputs to `re`/`im` at `offset`. */
  run(
    samples: Float32Array,
    start: number,
    end: number,
    re: Float64Array,
    im: Float64Array,
    offset: number,
  ): void {
    this.runGroup(samples, start, end, 0, re, im, offset);
    this.runGroup(samples, start, end, 4, re, im, offset);
  }

  /** Runs the four filters of one group (`first` 0: rows, 4: columns) and writes their outputs. */
  runGroup(
    samples: Float32Array,
    start: number,
    end: number,
    first: number,
    re: Float64Array,
    im: Float64Array,
    offset: number,
  ): void {
    run4(samples, start, end, this.coefficients, first, this.state);
    for (let k = first; k < first + 4; k++) this.output(k, re, im, offset);
  }

  /** Runs only tones `a` and `b` (as `run` would compute them) and writes their outputs. */
  runPair(
    samples: Float32Array,
    start: number,
    end: number,
    a: number,
    b: number,
    re: Float64Array,
    im: Float64Array,
    offset: number,
  ): void {
    const ca = this.coefficients[a] as number;
    const cb = this.coefficients[b] as number;
    let a1 = 0, a2 = 0, b1 = 0, b2 = 0; // prettier-ignore
    let i = start;
    for (; i + 1 < end; i += 2) {
      const x0 = samples[i] as number;
      const x1 = samples[i + 1] as number;
      a2 = x0 + ca * a1 - a2;
      b2 = x0 + cb * b1 - b2;
      a1 = x1 + ca * a2 - a1;
      b1 = x1 + cb * b2 - b1;
    }
    if (i < end) {
      const x0 = samples[i] as number;
      a2 = x0 + ca * a1 - a2;
      b2 = x0 + cb * b1 - b2;
      [a1, a2, b1, b2] = [a2, a1, b2, b1];
    }
    const st = this.state;
    st[2 * a] = a1;
    st[2 * a + 1] = a2;
    st[2 * b] = b1;
    st[2 * b + 1] = b2;
    this.output(a, re, im, offset);
    this.output(b, re, im, offset);
  }

  private output(k: number, re: Float64Array, im: Float64Array, offset: number): void {
    const bin = this.bins[k] as GoertzelBin;
    const s1 = this.state[2 * k] as number;
    const s2 = this.state[2 * k + 1] as number;
    re[offset + k] = s1 - bin.cos * s2;
    im[offset + k] = bin.sin * s2;
  }
}

/**
 * Four Goertzel recursions side by side (few enough to stay in registers), two samples per step
 * so that s1 and s2 swap roles instead of being copied. Writes s1, s2 of tone k to state[2k], state[2k+1].
 */
function run4(
  x: Float32Array,
  start: number,
  end: number,
  c: Float64Array,
  k: number,
  state: Float64Array,
): void {
  const c0 = c[k] as number;
  const c1 = c[k + 1] as number;
  const c2 = c[k + 2] as number;
  const c3 = c[k + 3] as number;
  let a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0; // prettier-ignore
  let i = start;
  for (; i + 1 < end; i += 2) {
    const x0 = x[i] as number;
    const x1 = x[i + 1] as number;
    b0 = x0 + c0 * a0 - b0;
    b1 = x0 + c1 * a1 - b1;
    b2 = x0 + c2 * a2 - b2;
    b3 = x0 + c3 * a3 - b3;
    a0 = x1 + c0 * b0 - a0;
    a1 = x1 + c1 * b1 - a1;
    a2 = x1 + c2 * b2 - a2;
    a3 = x1 + c3 * b3 - a3;
  }
  if (i < end) {
    const x0 = x[i] as number;
    b0 = x0 + c0 * a0 - b0;
    b1 = x0 + c1 * a1 - b1;
    b2 = x0 + c2 * a2 - b2;
    b3 = x0 + c3 * a3 - b3;
    [a0, b0, a1, b1, a2, b2, a3, b3] = [b0, a0, b1, a1, b2, a2, b3, a3];
  }
  const o = 2 * k;
  state[o] = a0;
  state[o + 1] = b0;
  state[o + 2] = a1;
  state[o + 3] = b1;
  state[o + 4] = a2;
  state[o + 5] = b2;
  state[o + 6] = a3;
  state[o + 7] = b3;
}

const hannWindows = new Map<number, Float32Array>();

/** The periodic Hann window of `length` samples (cached). */
export function hannWindow(length: number): Float32Array {
  let w = hannWindows.get(length);
  if (w === undefined) {
    const step = (2 * Math.PI) / length;
    w = Float32Array.from({ length }, (_, i) => 0.5 - 0.5 * Math.cos(step * (i + 0.5)));
    hannWindows.set(length, w);
  }
  return w;
}

/** Squared magnitude of the DFT of `samples` (already windowed) at `frequency`. */
export function dftEnergy(samples: Float32Array, frequency: number, sampleRate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = (samples[i] as number) + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}
