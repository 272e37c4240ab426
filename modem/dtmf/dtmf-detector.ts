// Streaming DTMF receiver (ITU-T Q.24): Goertzel sub-blocks -> window decisions -> debounce. The
// result does not depend on how the input is split into pushes: samples are buffered into
// sub-blocks and every sub-block is analysed whole, with the same arithmetic.
import { DigitAnalyzer, MAX_FREQUENCY_DEVIATION, type DetectedDigit } from './analyzer.ts';
import { BlockDetector } from './block-detector.ts';
import { DtmfGoertzelBank, TONE_FREQUENCIES } from './goertzel.ts';
import { DTMF_KEYS } from './keys.ts';
import { HarmonicTest } from './harmonics.ts';
import { WindowHistory, type WindowState } from './window-history.ts';

export type { DetectedDigit } from './analyzer.ts';

/** Options of the receiver. */
export interface DtmfDetectorOptions {
  readonly sampleRate: number;
}

/** A streaming DTMF receiver: push samples in any block size, collect digits as they end. */
export class DtmfDetector {
  private readonly bank: DtmfGoertzelBank;
  private readonly blocks: BlockDetector;
  private readonly analyzer: DigitAnalyzer;
  private readonly history: WindowHistory;
  private readonly sampleRate: number;
  private readonly harmonics: HarmonicTest;

  constructor(options: DtmfDetectorOptions) {
    const rate = options.sampleRate;
    if (!Number.isFinite(rate) || rate < 4000 || rate > 192000)
      throw new RangeError(`sample rate ${rate} Hz is outside 4000-192000 Hz`);
    this.sampleRate = rate;
    this.bank = new DtmfGoertzelBank(rate);
    this.blocks = new BlockDetector(rate);
    this.history = new WindowHistory(this.blocks);
    this.harmonics = new HarmonicTest(this.blocks.window, rate);
    this.analyzer = new DigitAnalyzer(this.blocks.window, DTMF_KEYS, (code, a, b) =>
      this.startOk(code, a, b),
    );
  }

  /** Samples per window (three sub-blocks). */
  get windowLength(): number {
    return this.blocks.window;
  }

  /** Feeds samples; returns the digits that ended within them. */
  push(samples: Float32Array): DetectedDigit[] {
    const out: DetectedDigit[] = [];
    const history = this.history;
    let i = 0;
    while (i < samples.length) {
      i = history.append(samples, i);
      if (history.subBlockComplete()) this.endSubBlock(out);
    }
    return out;
  }

  /**
   * Feeds 16-bit linear PCM samples (full scale 32768), skipping a conversion pass; the result
   * is the same as pushing the samples divided by 32768.
   */
  pushPcm16(samples: Int16Array): DetectedDigit[] {
    const out: DetectedDigit[] = [];
    const history = this.history;
    let i = 0;
    while (i < samples.length) {
      i = history.appendPcm16(samples, i);
      if (history.subBlockComplete()) this.endSubBlock(out);
    }
    return out;
  }

  private endSubBlock(out: DetectedDigit[]): void {
    const w = this.history.endSubBlock(this.bank, this.analyzer.expectedCode());
    if (w !== undefined) this.analyzer.push(w, out);
  }

  /** Ends the stream: reports a digit still sounding. Later pushes continue the sample count. */
  flush(): DetectedDigit[] {
    const out: DetectedDigit[] = [];
    this.analyzer.flush(out);
    return out;
  }

  /** Q.24 frequency tolerance and the harmonic test, once per digit on the run that starts it. */
  private startOk(code: number, rowAngle: number, columnAngle: number): boolean {
    const perRadian = this.sampleRate / (2 * Math.PI * this.blocks.subBlock);
    const fr = TONE_FREQUENCIES[code >> 2] as number;
    const fc = TONE_FREQUENCIES[4 + (code & 3)] as number;
    if (Math.abs((rowAngle * perRadian) / fr) > MAX_FREQUENCY_DEVIATION) return false;
    if (Math.abs((columnAngle * perRadian) / fc) > MAX_FREQUENCY_DEVIATION) return false;
    return this.harmonics.passes(this.history.lastWindow(), code);
  }
}

export type { WindowState };
