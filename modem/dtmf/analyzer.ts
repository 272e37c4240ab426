// Debounce and durations of DTMF digits over the stream of window decisions (one every sub-block),
// tuned to ITU-T Q.24 Table 1: operate on tones ≥ 40 ms and not on tones ≤ 23 ms, bridge
// interruptions ≤ 10 ms, and separate digits by pauses of 20 ms and more.

/** Consecutive agreeing windows that start a digit (tone ≥ 4 sub-blocks + 1 window ≈ 30 ms at full share). */
export const WINDOWS_TO_START = 5;
/** Consecutive windows without the digit that end it: a 10 ms interruption misses at most 5, a 20 ms pause at least 6. */
export const WINDOWS_TO_END = 6;
/** Q.24 Table 1 frequency tolerance: operate within ±1.5%, do not operate beyond ±3.5%; decide halfway. */
export const MAX_FREQUENCY_DEVIATION = 0.025;

/** A digit found in the stream: the first and last (exclusive) sample of its tone, within about a sub-block. */
export interface DetectedDigit {
  readonly digit: string;
  readonly startSample: number;
  readonly endSample: number;
}

/** One window's decision as the analyzer consumes it. */
export interface WindowDecision {
  /** Key code row·4 + column, or −1. */
  readonly code: number;
  /** Index of the window's first sample in the stream. */
  readonly start: number;
  readonly rowPhaseRe: number;
  readonly rowPhaseIm: number;
  readonly columnPhaseRe: number;
  readonly columnPhaseIm: number;
  /** Window DFT times the conjugate of the window three sub-blocks earlier (same key), de-rotated; 0 if none. */
  readonly rowLagRe: number;
  readonly rowLagIm: number;
  readonly columnLagRe: number;
  readonly columnLagIm: number;
}

/**
 * Final check before a run of windows becomes a digit: `rowAngle`/`columnAngle` are the measured
 * phase drift per sub-block (radians) of each tone against its nominal frequency.
 */
export type StartCheck = (code: number, rowAngle: number, columnAngle: number) => boolean;

/** Phase drift per sub-block from the short-lag sum (unambiguous) refined by the three-sub-block lag sum. */
export function driftPerSubBlock(
  shortRe: number,
  shortIm: number,
  lagRe: number,
  lagIm: number,
): number {
  const coarse = Math.atan2(shortIm, shortRe);
  if (lagRe === 0 && lagIm === 0) return coarse;
  const predicted = 3 * coarse;
  let delta = Math.atan2(lagIm, lagRe) - predicted;
  delta -= 2 * Math.PI * Math.round(delta / (2 * Math.PI));
  return (predicted + delta) / 3;
}

/** The debounce state machine: idle or in a digit, plus the run of windows that may start the next. */
export class DigitAnalyzer {
  private active = -1;
  private activeStart = 0;
  private lastHitEnd = 0;
  private misses = 0;
  private runCode = -1;
  private runLength = 0;
  private runStart = 0;
  private rowRe = 0;
  private rowIm = 0;
  private columnRe = 0;
  private columnIm = 0;
  private rowLagRe = 0;
  private rowLagIm = 0;
  private columnLagRe = 0;
  private columnLagIm = 0;

  constructor(
    private readonly windowLength: number,
    private readonly keys: string,
    private readonly startOk: StartCheck,
  ) {}

  /** The key of the digit in progress, else of the run that may start one, else −1. */
  expectedCode(): number {
    if (this.active >= 0) return this.active;
    return this.runLength > 0 ? this.runCode : -1;
  }

  /** Consumes one window; pushes any digit that ended to `out`. */
  push(w: WindowDecision, out: DetectedDigit[]): void {
    if (this.active >= 0 && w.code === this.active) {
      this.misses = 0;
      this.lastHitEnd = w.start + this.windowLength;
      this.runCode = -1;
      this.runLength = 0;
      return;
    }
    if (this.active >= 0) this.misses++;
    if (w.code < 0) this.runLength = 0;
    else this.extendRun(w, out);
    if (this.active >= 0 && this.misses >= WINDOWS_TO_END) this.end(out);
  }

  /** Ends the open digit, if any, at its last window. */
  flush(out: DetectedDigit[]): void {
    if (this.active >= 0) this.end(out);
    this.runLength = 0;
    this.runCode = -1;
  }

  private extendRun(w: WindowDecision, out: DetectedDigit[]): void {
    if (w.code !== this.runCode || this.runLength === 0) {
      this.runCode = w.code;
      this.runLength = 0;
      this.runStart = w.start;
      this.rowRe = this.rowIm = this.columnRe = this.columnIm = 0;
      this.rowLagRe = this.rowLagIm = this.columnLagRe = this.columnLagIm = 0;
    }
    this.runLength++;
    this.rowRe += w.rowPhaseRe;
    this.rowIm += w.rowPhaseIm;
    this.columnRe += w.columnPhaseRe;
    this.columnIm += w.columnPhaseIm;
    this.rowLagRe += w.rowLagRe;
    this.rowLagIm += w.rowLagIm;
    this.columnLagRe += w.columnLagRe;
    this.columnLagIm += w.columnLagIm;
    if (this.runLength < WINDOWS_TO_START) return;
    const rowAngle = driftPerSubBlock(this.rowRe, this.rowIm, this.rowLagRe, this.rowLagIm);
    const columnAngle = driftPerSubBlock(
      this.columnRe,
      this.columnIm,
      this.columnLagRe,
      this.columnLagIm,
    );
    if (!this.startOk(w.code, rowAngle, columnAngle)) return;
    if (this.active >= 0) this.end(out);
    this.active = w.code;
    this.activeStart = this.runStart;
    this.lastHitEnd = w.start + this.windowLength;
    this.misses = 0;
    this.runLength = 0;
    this.runCode = -1;
  }

  private end(out: DetectedDigit[]): void {
    out.push({
      digit: this.keys.charAt(this.active),
      startSample: this.activeStart,
      endSample: this.lastHitEnd,
    });
    this.active = -1;
    this.misses = 0;
  }
}
