// The last three sub-blocks of input (one window) and the per-window bookkeeping of the DTMF
// receiver: sums of squares, Goertzel outputs computed only when the level gate lets a window
// through, and the lag-three products that measure each tone's frequency.
import type { WindowDecision } from './analyzer.ts';
import type { BlockDetector, WindowResult } from './block-detector.ts';
import type { DtmfGoertzelBank } from './goertzel.ts';

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
    for (let i = from; i < from + take; i++) slots[o++] = samples[i] as number;
    this.filled += take;
    return from + take;
  }

  /** True when the current sub-block is full. */
  subBlockComplete(): boolean {
    return this.filled === this.t;
  }

  /** Closes the full sub-block; returns the decision of the window it completes (from the third on). */
  endSubBlock(bank: DtmfGoertzelBank): WindowDecision | undefined {
    const slot = this.current;
    this.energies[slot] = sumOfSquares(this.slots, slot * this.t, (slot + 1) * this.t);
    this.computed[slot] = 0;
    this.newest = slot;
    this.current = (slot + 1) % 3;
    this.filled = 0;
    this.subBlocks++;
    return this.subBlocks >= 3 ? this.decide(bank) : undefined;
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

  private decide(bank: DtmfGoertzelBank): WindowDecision {
    const s = this.state;
    const o2 = this.newest;
    const o1 = (o2 + 2) % 3;
    const o0 = (o2 + 1) % 3;
    const energy =
      (this.energies[0] as number) + (this.energies[1] as number) + (this.energies[2] as number);
    s.code = -1;
    if (this.blocks.mayHold(energy)) {
      this.ensureDft(bank, o0);
      this.ensureDft(bank, o1);
      this.ensureDft(bank, o2);
      this.blocks.classify(this.re, this.im, o0 * 8, o1 * 8, o2 * 8, energy, s);
    }
    s.start = (this.subBlocks - 3) * this.t;
    this.lagProducts(s);
    return s;
  }

  private ensureDft(bank: DtmfGoertzelBank, slot: number): void {
    if (this.computed[slot] === 1) return;
    bank.run(this.slots, slot * this.t, (slot + 1) * this.t, this.re, this.im, slot * 8);
    this.computed[slot] = 1;
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

function sumOfSquares(x: Float32Array, start: number, end: number): number {
  let e = 0;
  for (let i = start; i < end; i++) {
    const v = x[i] as number;
    e += v * v;
  }
  return e;
}
