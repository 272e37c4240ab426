// The last three sub-blocks of input (one window) and the per-window bookkeeping of the DTMF
// receiver: sums of squares, Goertzel outputs computed only for windows that may hold a key and
// only for the tones their test needs, and the lag-three products that measure each frequency.
import type { WindowDecision } from './analyzer.ts';
import type { BlockDetector, WindowResult } from './block-detector.ts';
import type { DtmfGoertzelBank } from './goertzel.ts';

/** 1/32768: 16-bit PCM to full scale 1.0 (exact, a power of two). */
const PCM16_SCALE = 1 / 32768;

/** A window decision as the receiver fills it (mutable, reused). */
export type WindowState = WindowResult & {
  -readonly [K in keyof WindowDecision]: WindowDecision[K];
};

/** Ring of three sub-blocks plus the window decisions of the last three windows. */
export class WindowHistory {
  private readonly t: number;
  private readonly slots: Float32Array;
  private readonly ordered: Float32Array;
  private readonly energies = new Float64Array(3);
  /** Per slot, the tones (bit k = tone k) whose Goertzel outputs are known. */
  private readonly computed = new Uint8Array(3);
  private readonly re = new Float64Array(24);
  private readonly im = new Float64Array(24);
  private readonly pastCodes = new Int32Array([-1, -1, -1]);
  private readonly pastDft = new Float64Array(12);
  private readonly state: WindowState = {
    code: -1,
    start: 0,
    rowRe: 0,
    rowIm: 0,
    columnRe: 0,
    columnIm: 0,
    rowPhaseRe: 0,
    rowPhaseIm: 0,
    columnPhaseRe: 0,
    columnPhaseIm: 0,
    rowLagRe: 0,
    rowLagIm: 0,
    columnLagRe: 0,
    columnLagIm: 0,
  };
  private current = 0;
  private newest = 0;
  private filled = 0;
  /** Sum of squares of the current sub-block so far. */
  private filling = 0;
  private subBlocks = 0;

  constructor(private readonly blocks: BlockDetector) {
    this.t = blocks.subBlock;
    this.slots = new Float32Array(3 * this.t);
    this.ordered = new Float32Array(3 * this.t);
  }

  /** Copies samples from `samples[from ..]` into the current sub-block; returns the next index to read. */
  append(samples: Float32Array, from: number): number {
    const take = Math.min(this.t - this.filled, samples.length - from);
    const slots = this.slots;
    let o = this.current * this.t + this.filled;
    let e = this.filling;
    for (let i = from; i < from + take; i++) {
      const v = samples[i] as number;
      slots[o++] = v;
      e += v * v;
    }
    this.filling = e;
    this.filled += take;
    return from + take;
  }

  /** As `append`, for 16-bit PCM (scaled by 1/32768, giving the same values as decoded floats). */
  appendPcm16(samples: Int16Array, from: number): number {
    const take = Math.min(this.t - this.filled, samples.length - from);
    const slots = this.slots;
    let o = this.current * this.t + this.filled;
    let e = this.filling;
    for (let i = from; i < from + take; i++) {
      const v = (samples[i] as number) * PCM16_SCALE;
      slots[o++] = v;
      e += v * v;
    }
    this.filling = e;
    this.filled += take;
    return from + take;
  }

  /** True when the current sub-block is full. */
  subBlockComplete(): boolean {
    return this.filled === this.t;
  }

  /**
   * Closes the full sub-block; returns the decision of the window it completes (from the third
   * on). `expected` is the key of the digit or run in progress (−1 if none): a window that still
   * holds it is confirmed from its two tones alone, and only otherwise are all eight analysed.
   */
  endSubBlock(bank: DtmfGoertzelBank, expected: number): WindowDecision | undefined {
    const slot = this.current;
    this.energies[slot] = this.filling;
    this.filling = 0;
    this.computed[slot] = 0;
    this.newest = slot;
    this.current = (slot + 1) % 3;
    this.filled = 0;
    this.subBlocks++;
    return this.subBlocks >= 3 ? this.decide(bank, expected) : undefined;
  }

  /** The samples of the last window, oldest first (a view valid until the next sub-block ends). */
  lastWindow(): Float32Array {
    const t = this.t;
    let o = 0;
    for (let k = 0; k < 3; k++) {
      const slot = (this.newest + 1 + k) % 3;
      for (let i = slot * t; i < (slot + 1) * t; i++) this.ordered[o++] = this.slots[i] as number;
    }
    return this.ordered;
  }

  private decide(bank: DtmfGoertzelBank, expected: number): WindowDecision {
    const s = this.state;
    const o2 = this.newest;
    const o1 = (o2 + 2) % 3;
    const o0 = (o2 + 1) % 3;
    const energy =
      (this.energies[0] as number) + (this.energies[1] as number) + (this.energies[2] as number);
    s.code = -1;
    const e = this.energies;
    if (this.blocks.mayHold(e[o0] as number, e[o1] as number, e[o2] as number)) {
      if (expected >= 0) {
        const pair = (1 << (expected >> 2)) | (1 << (4 + (expected & 3)));
        this.ensureTones(bank, o0, pair);
        this.ensureTones(bank, o1, pair);
        this.ensureTones(bank, o2, pair);
        this.blocks.continues(this.re, this.im, o0 * 8, o1 * 8, o2 * 8, energy, expected, s);
      }
      if (s.code < 0) this.classify(bank, o0, o1, o2, energy, s);
    }
    s.start = (this.subBlocks - 3) * this.t;
    this.lagProducts(s);
    return s;
  }

  /** The full eight-tone test, rows first: most windows that fail, fail on the rows alone. */
  private classify(
    bank: DtmfGoertzelBank,
    o0: number,
    o1: number,
    o2: number,
    energy: number,
    s: WindowState,
  ): void {
    this.ensureTones(bank, o0, 0x0f);
    this.ensureTones(bank, o1, 0x0f);
    this.ensureTones(bank, o2, 0x0f);
    if (!this.blocks.rowsMayHold(this.re, this.im, o0 * 8, o1 * 8, o2 * 8)) return;
    this.ensureTones(bank, o0, 0xff);
    this.ensureTones(bank, o1, 0xff);
    this.ensureTones(bank, o2, 0xff);
    this.blocks.classify(this.re, this.im, o0 * 8, o1 * 8, o2 * 8, energy, s);
  }

  /**
   * Computes the Goertzel outputs not yet known for `slot` of the tones in `mask` (bit k = tone
   * k): a row group (0x0f), all eight (0xff) or one row and one column tone. A sub-block of
   * digital silence has all outputs zero.
   */
  private ensureTones(bank: DtmfGoertzelBank, slot: number, mask: number): void {
    const missing = mask & ~(this.computed[slot] as number);
    if (missing === 0) return;
    if (this.energies[slot] === 0) {
      this.re.fill(0, slot * 8, slot * 8 + 8);
      this.im.fill(0, slot * 8, slot * 8 + 8);
      this.computed[slot] = 0xff;
      return;
    }
    const from = slot * this.t;
    const to = from + this.t;
    const out = slot * 8;
    if (mask === 0x0f || mask === 0xff) {
      if (missing & 0x0f) bank.runGroup(this.slots, from, to, 0, this.re, this.im, out);
      if (missing & 0xf0) bank.runGroup(this.slots, from, to, 4, this.re, this.im, out);
    } else {
      const row = 31 - Math.clz32(mask & 0x0f);
      const column = 31 - Math.clz32(mask & 0xf0);
      bank.runPair(this.slots, from, to, row, column, this.re, this.im, out);
    }
    this.computed[slot] = (this.computed[slot] as number) | mask;
  }

  /** C(w)·conj(C(w−3))·e^(−jω·window) per tone when window w−3 held the same key; stores C(w). */
  private lagProducts(s: WindowState): void {
    const ring = this.subBlocks % 3;
    const p = ring * 4;
    const d = this.pastDft;
    s.rowLagRe = s.rowLagIm = s.columnLagRe = s.columnLagIm = 0;
    if (s.code < 0) {
      this.pastCodes[ring] = -1;
      return;
    }
    if (this.pastCodes[ring] === s.code) {
      const row = s.code >> 2;
      const column = 4 + (s.code & 3);
      const rr = d[p] as number,
        ri = d[p + 1] as number;
      const cr = d[p + 2] as number,
        ci = d[p + 3] as number;
      s.rowLagRe = this.lagRe(s.rowRe * rr + s.rowIm * ri, s.rowIm * rr - s.rowRe * ri, row);
      s.rowLagIm = this.lagIm(s.rowRe * rr + s.rowIm * ri, s.rowIm * rr - s.rowRe * ri, row);
      const pr = s.columnRe * cr + s.columnIm * ci;
      const pi = s.columnIm * cr - s.columnRe * ci;
      s.columnLagRe = this.lagRe(pr, pi, column);
      s.columnLagIm = this.lagIm(pr, pi, column);
    }
    this.pastCodes[ring] = s.code;
    d[p] = s.rowRe;
    d[p + 1] = s.rowIm;
    d[p + 2] = s.columnRe;
    d[p + 3] = s.columnIm;
  }

  private lagRe(pr: number, pi: number, k: number): number {
    return (
      pr * (this.blocks.windowRotRe[k] as number) - pi * (this.blocks.windowRotIm[k] as number)
    );
  }

  private lagIm(pr: number, pi: number, k: number): number {
    return (
      pr * (this.blocks.windowRotIm[k] as number) + pi * (this.blocks.windowRotRe[k] as number)
    );
  }
}
