// Per-window DTMF decision after SpanDSP's layering (Goertzel -> block test -> debounce), with the
// ITU-T Q.24 receiver limits: signal level, twist, one dominant tone per group (the full test, for
// a window that starts a run), and the share of the window's energy that the two tones hold (every
// window). A window is three Goertzel sub-blocks.
import { dbm0ToAmplitude } from '../level.ts';
import { TONE_FREQUENCIES } from './goertzel.ts';

/** Q.24 Table 1 (AT&T: operate down to −25 dBm, must not operate at −55 dBm): per-tone floor, giving ≥40 dB range. */
export const MIN_TONE_LEVEL_DBM0 = -46;
/** Q.24 Table 1 normal twist (high group below low) must be accepted up to 8 dB; 2 dB margin for scalloping. */
export const MAX_NORMAL_TWIST_DB = 10;
/** Q.24 Table 1 reverse twist (high group above low) must be accepted up to 4 dB; 2 dB margin. */
export const MAX_REVERSE_TWIST_DB = 6;
/** Every other tone of a group must be this far below the group's peak (SpanDSP and Asterisk use 8 dB). */
export const RELATIVE_PEAK_DB = 8;
/** The two tones must carry this share of the window's energy (SpanDSP: −0.85 dB); also rejects partial windows. */
export const TONE_TO_TOTAL_ENERGY_DB = -0.7;

/** Sub-block length at 8 kHz; a window is three sub-blocks (102 samples, SpanDSP's block size). */
export const SUB_BLOCK_AT_8K = 34;

/** Sub-block length in samples at `sampleRate`. */
export function subBlockLength(sampleRate: number): number {
  return Math.max(1, Math.round((SUB_BLOCK_AT_8K * sampleRate) / 8000));
}

/** The outcome for one window: the key code (row·4 + column) or −1, and per-tone phasors. */
export interface WindowResult {
  code: number;
  /** The window's DFT of the row and column tone (phase relative to the window start). */
  rowRe: number;
  rowIm: number;
  columnRe: number;
  columnIm: number;
  /** Σ y(k+1)·conj(y(k))·e^(−jωT) for the row and the column tone: its angle is the frequency offset. */
  rowPhaseRe: number;
  rowPhaseIm: number;
  columnPhaseRe: number;
  columnPhaseIm: number;
}

/** Constants of the block test at one sample rate. */
export class BlockDetector {
  readonly subBlock: number;
  readonly window: number;
  private readonly minEnergy: number;
  private readonly rotRe: Float64Array;
  private readonly rotIm: Float64Array;
  private readonly coherent = new Float64Array(8);
  private readonly coherentRe = new Float64Array(8);
  private readonly coherentIm = new Float64Array(8);
  /** e^(−jω·window) per tone: the phase advance of a steady nominal tone from one window to the next-but-two. */
  readonly windowRotRe: Float64Array;
  readonly windowRotIm: Float64Array;
  private readonly normalTwist = 10 ** (MAX_NORMAL_TWIST_DB / 10);
  private readonly reverseTwist = 10 ** (MAX_REVERSE_TWIST_DB / 10);
  private readonly relativePeak = 10 ** (RELATIVE_PEAK_DB / 10);
  private readonly toneShare = 10 ** (TONE_TO_TOTAL_ENERGY_DB / 10);
  /** Upper bound of |y_row|² + |y_column|² per unit of sub-block energy, over all keys. */
  private readonly pairBound: number;

  constructor(readonly sampleRate: number) {
    this.subBlock = subBlockLength(sampleRate);
    this.window = 3 * this.subBlock;
    this.minEnergy = ((this.window * dbm0ToAmplitude(MIN_TONE_LEVEL_DBM0)) / 2) ** 2;
    const w = TONE_FREQUENCIES.map((f) => (2 * Math.PI * f * this.subBlock) / sampleRate);
    this.rotRe = Float64Array.from(w, (x) => Math.cos(x));
    this.rotIm = Float64Array.from(w, (x) => -Math.sin(x));
    this.windowRotRe = Float64Array.from(w, (x) => Math.cos(3 * x));
    this.windowRotIm = Float64Array.from(w, (x) => -Math.sin(3 * x));
    this.pairBound = pairEnergyBound(this.subBlock, sampleRate);
  }

  /**
   * Classifies one window from its three sub-blocks' Goertzel outputs (`re`/`im` at offsets
   * `o0`, `o1`, `o2`, oldest first; all eight tones) and its sum of squares. Fills and returns `out`.
   */
  classify(
    re: Float64Array,
    im: Float64Array,
    o0: number,
    o1: number,
    o2: number,
    energy: number,
    out: WindowResult,
  ): WindowResult {
    out.code = -1;
    for (let k = 0; k < 8; k++) this.coherentTone(re, im, o0, o1, o2, k);
    const row = this.peak(0);
    const column = this.peak(4);
    if (row < 0 || column < 0) return out;
    return this.testPair(re, im, o0, o1, o2, energy, row, column, out);
  }

  /**
   * Whether the row group alone lets a key through (a dominant row tone above the level floor),
   * from the row tones' outputs only: when it does not, the column tones need not be computed.
   */
  rowsMayHold(re: Float64Array, im: Float64Array, o0: number, o1: number, o2: number): boolean {
    for (let k = 0; k < 4; k++) this.coherentTone(re, im, o0, o1, o2, k);
    const row = this.peak(0);
    return row >= 0 && incoherent(re, im, o0 + row, o1 + row, o2 + row) >= this.minEnergy;
  }

  /**
   * The test of a window already expected to hold key `code` (continuing a run or a digit):
   * level, twist and energy share of its two tones, which need only those two tones' outputs.
   */
  continues(
    re: Float64Array,
    im: Float64Array,
    o0: number,
    o1: number,
    o2: number,
    energy: number,
    code: number,
    out: WindowResult,
  ): WindowResult {
    out.code = -1;
    const row = code >> 2;
    const column = 4 + (code & 3);
    this.coherentTone(re, im, o0, o1, o2, row);
    this.coherentTone(re, im, o0, o1, o2, column);
    return this.testPair(re, im, o0, o1, o2, energy, row, column, out);
  }

  /**
   * False when no key can pass the level and energy-share tests in a window whose sub-blocks
   * have sums of squares e0, e1, e2, so that its Goertzel outputs are not needed. Per sub-block
   * |y_row|² + |y_column|² ≤ pairBound·e_k, hence over the window (Minkowski)
   * incoherent row + column energy ≤ pairBound·(√e0 + √e1 + √e2)².
   */
  mayHold(e0: number, e1: number, e2: number): boolean {
    const energy = e0 + e1 + e2;
    if (energy * this.window < this.minEnergy) return false;
    const root = Math.sqrt(e0) + Math.sqrt(e1) + Math.sqrt(e2);
    const bound = this.pairBound * root * root * (1 + 1e-9);
    return bound >= this.toneShare * energy * (this.window / 2);
  }

  private testPair(
    re: Float64Array,
    im: Float64Array,
    o0: number,
    o1: number,
    o2: number,
    energy: number,
    row: number,
    column: number,
    out: WindowResult,
  ): WindowResult {
    const rowEnergy = incoherent(re, im, o0 + row, o1 + row, o2 + row);
    const columnEnergy = incoherent(re, im, o0 + column, o1 + column, o2 + column);
    if (rowEnergy < this.minEnergy || columnEnergy < this.minEnergy) return out;
    if (columnEnergy > rowEnergy * this.reverseTwist) return out;
    if (columnEnergy * this.normalTwist < rowEnergy) return out;
    if (rowEnergy + columnEnergy < this.toneShare * energy * (this.window / 2)) return out;
    out.code = row * 4 + (column - 4);
    out.rowRe = this.coherentRe[row] as number;
    out.rowIm = this.coherentIm[row] as number;
    out.columnRe = this.coherentRe[column] as number;
    out.columnIm = this.coherentIm[column] as number;
    this.phase(re, im, o0, o1, o2, row, out, true);
    this.phase(re, im, o0, o1, o2, column, out, false);
    return out;
  }

  /** |y0 + r·y1 + r²·y2|² of tone k: the DFT over the whole window (r = e^(−jωT)). */
  private coherentTone(
    re: Float64Array,
    im: Float64Array,
    o0: number,
    o1: number,
    o2: number,
    k: number,
  ): void {
    const cr = this.rotRe[k] as number;
    const ci = this.rotIm[k] as number;
    let xr = re[o2 + k] as number;
    let xi = im[o2 + k] as number;
    let t = xr * cr - xi * ci + (re[o1 + k] as number);
    xi = xr * ci + xi * cr + (im[o1 + k] as number);
    xr = t;
    t = xr * cr - xi * ci + (re[o0 + k] as number);
    xi = xr * ci + xi * cr + (im[o0 + k] as number);
    this.coherent[k] = t * t + xi * xi;
    this.coherentRe[k] = t;
    this.coherentIm[k] = xi;
  }

  /** Index of the group's peak tone if every other tone is RELATIVE_PEAK_DB below it, else −1. */
  private peak(first: number): number {
    const e = this.coherent;
    let best = first;
    for (let k = first + 1; k < first + 4; k++)
      if ((e[k] as number) > (e[best] as number)) best = k;
    const limit = (e[best] as number) / this.relativePeak;
    for (let k = first; k < first + 4; k++) if (k !== best && (e[k] as number) > limit) return -1;
    return best;
  }

  private phase(
    re: Float64Array,
    im: Float64Array,
    o0: number,
    o1: number,
    o2: number,
    k: number,
    out: WindowResult,
    isRow: boolean,
  ): void {
    const r0 = re[o0 + k] as number,
      i0 = im[o0 + k] as number;
    const r1 = re[o1 + k] as number,
      i1 = im[o1 + k] as number;
    const r2 = re[o2 + k] as number,
      i2 = im[o2 + k] as number;
    const pr = r1 * r0 + i1 * i0 + r2 * r1 + i2 * i1;
    const pi = i1 * r0 - r1 * i0 + i2 * r1 - r2 * i1;
    const cr = this.rotRe[k] as number;
    const ci = this.rotIm[k] as number;
    const zr = pr * cr - pi * ci;
    const zi = pr * ci + pi * cr;
    if (isRow) {
      out.rowPhaseRe = zr;
      out.rowPhaseIm = zi;
    } else {
      out.columnPhaseRe = zr;
      out.columnPhaseIm = zi;
    }
  }
}

/** (|y0| + |y1| + |y2|)²: the window energy of a tone with its phase drift across sub-blocks removed. */
function incoherent(
  re: Float64Array,
  im: Float64Array,
  i0: number,
  i1: number,
  i2: number,
): number {
  const m =
    magnitude(re[i0] as number, im[i0] as number) +
    magnitude(re[i1] as number, im[i1] as number) +
    magnitude(re[i2] as number, im[i2] as number);
  return m * m;
}

function magnitude(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}

/**
 * The largest |y_a|² + |y_b|² a unit-energy sub-block can give for any row a and column b: the
 * top eigenvalue of the Gram matrix of their cosine and sine vectors, bounded by Gershgorin.
 */
export function pairEnergyBound(length: number, sampleRate: number): number {
  let bound = 0;
  for (let row = 0; row < 4; row++)
    for (let column = 4; column < 8; column++) {
      const vectors = [row, row, column, column].map((k, i) =>
        Float64Array.from({ length }, (_, n) => {
          const phase = (2 * Math.PI * (TONE_FREQUENCIES[k] as number) * n) / sampleRate;
          return i % 2 === 0 ? Math.cos(phase) : Math.sin(phase);
        }),
      );
      for (const a of vectors) {
        let sum = 0;
        for (const b of vectors)
          sum += Math.abs(a.reduce((s, x, n) => s + x * (b[n] as number), 0));
        bound = Math.max(bound, sum);
      }
    }
  return bound;
}
