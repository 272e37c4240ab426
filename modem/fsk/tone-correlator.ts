// Sliding-window quadrature correlator: the energy of one tone over the last N samples (a single
// DFT bin that moves one sample at a time), the non-coherent detector of a binary FSK receiver.

/** Running I/Q correlation of a signal with one frequency over a window of `length` samples. */
export class ToneCorrelator {
  private readonly i: Float64Array;
  private readonly q: Float64Array;
  private sumI = 0;
  private sumQ = 0;
  private at = 0;
  private re = 1;
  private im = 0;
  private readonly stepRe: number;
  private readonly stepIm: number;
  private count = 0;

  constructor(frequencyHz: number, sampleRate: number, length: number) {
    this.i = new Float64Array(length);
    this.q = new Float64Array(length);
    this.stepRe = Math.cos((2 * Math.PI * frequencyHz) / sampleRate);
    this.stepIm = Math.sin((2 * Math.PI * frequencyHz) / sampleRate);
  }

  /** Adds one sample and returns |correlation|² over the window. */
  push(x: number): number {
    const pi = x * this.re;
    const pq = x * this.im;
    this.sumI += pi - (this.i[this.at] ?? 0);
    this.sumQ += pq - (this.q[this.at] ?? 0);
    this.i[this.at] = pi;
    this.q[this.at] = pq;
    this.at = (this.at + 1) % this.i.length;
    const re = this.re * this.stepRe - this.im * this.stepIm;
    this.im = this.re * this.stepIm + this.im * this.stepRe;
    this.re = re;
    if (++this.count % 1024 === 0) this.renormalise();
    return this.sumI * this.sumI + this.sumQ * this.sumQ;
  }

  private renormalise(): void {
    const norm = Math.hypot(this.re, this.im);
    this.re /= norm;
    this.im /= norm;
    let si = 0;
    let sq = 0;
    for (let k = 0; k < this.i.length; k++) {
      si += this.i[k] ?? 0;
      sq += this.q[k] ?? 0;
    }
    this.sumI = si;
    this.sumQ = sq;
  }
}
