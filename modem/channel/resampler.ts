// Frequency drift of a line (sample clocks that disagree): the whole signal is resampled by a
// ratio, so every frequency moves by the same percentage; 4-point Catmull-Rom interpolation.

/** Streaming resampler: output sample m is the input at position m·ratio (ratio > 1 raises frequencies). */
export class DriftResampler {
  private pending: Float32Array = new Float32Array(1);
  /** Absolute input index of pending[0]; pending starts with one zero sample before the input. */
  private base = -1;
  private produced = 0;

  constructor(private readonly ratio: number) {
    if (!(ratio > 0.5 && ratio < 2)) throw new RangeError(`drift ratio ${ratio} is out of range`);
  }

  /** Resamples the next input samples; the output length varies by about 1/ratio. */
  process(samples: Float32Array): Float32Array {
    const buffer = new Float32Array(this.pending.length + samples.length);
    buffer.set(this.pending);
    buffer.set(samples, this.pending.length);
    const end = this.base + buffer.length;
    const out: number[] = [];
    for (;;) {
      const position = this.produced * this.ratio;
      const i = Math.floor(position);
      if (i + 2 >= end) break;
      const t = position - i;
      const at = (j: number): number => (j < 0 ? 0 : (buffer[j - this.base] as number));
      out.push(catmullRom(at(i - 1), at(i), at(i + 1), at(i + 2), t));
      this.produced++;
    }
    const keepFrom = Math.max(this.base, Math.floor(this.produced * this.ratio) - 1);
    this.pending = buffer.slice(keepFrom - this.base);
    this.base = keepFrom;
    return Float32Array.from(out);
  }
}

function catmullRom(p0: number, p1: number, p2: number, p3: number, t: number): number {
  const a = -0.5 * p0 + 1.5 * p1 - 1.5 * p2 + 0.5 * p3;
  const b = p0 - 2.5 * p1 + 2 * p2 - 0.5 * p3;
  const c = -0.5 * p0 + 0.5 * p2;
  return ((a * t + b) * t + c) * t + p1;
}
