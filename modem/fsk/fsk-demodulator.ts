// Streaming binary FSK receiver with asynchronous 8N1 character recovery: a normalised mark/space
// discriminator from two sliding one-bit correlators, carrier detect by the share of window energy in
// the two tones, and per character a search over small timing offsets around the start-bit edge for
// the alignment that gives a space start bit, a mark stop bit and the clearest data bits.
import type { FskProfile } from './fsk-profile.ts';
import { ToneCorrelator } from './tone-correlator.ts';

/**
 * Smallest share of the signal energy in the mark and space tones that counts as carrier. The
 * one-bit correlators give a pure tone a share of 1 and white noise about 4/N (0.57 at 8 kHz), so
 * the share is averaged over about ten bits before this test.
 */
export const CARRIER_TONE_SHARE = 0.8;
/** Averaging time of the tone share, in bits. */
const SHARE_AVERAGING_BITS = 10;
/** Weakest mean square that counts as carrier (about −50 dBm0 for a full-scale G.711 sine). */
export const CARRIER_MIN_POWER = 1e-6;
/** Timing offsets tried around the start-bit edge, as a fraction of a bit each way. */
const SEARCH_FRACTION = 0.35;
/** Smallest sum of |discriminator| over the 10 bits of a character accepted (1 per bit is a clean tone). */
const MIN_SCORE = 6;
/** Discriminator history kept, in samples (a power of two, longer than one character). */
const HISTORY = 4096;

/** A received character and the sample index of its start bit's edge. */
export interface FskCharacter {
  readonly byte: number;
  readonly sample: number;
}

/** Demodulates samples pushed in blocks of any size into bytes. */
export class FskDemodulator {
  private readonly mark: ToneCorrelator;
  private readonly space: ToneCorrelator;
  private readonly samplesPerBit: number;
  private readonly window: number;
  private readonly power: Float64Array;
  private readonly history = new Float64Array(HISTORY);
  private readonly search: number;
  private powerSum = 0;
  private share = 0;
  private index = 0;
  /** Next sample to look at for a start edge. */
  private huntFrom = 0;
  /** Index of the start edge being framed, or −1 while hunting. */
  private edge = -1;

  constructor(options: { readonly sampleRate: number; readonly profile: FskProfile }) {
    const { sampleRate, profile } = options;
    this.samplesPerBit = sampleRate / profile.baud;
    this.window = Math.max(2, Math.round(this.samplesPerBit));
    this.mark = new ToneCorrelator(profile.markHz, sampleRate, this.window);
    this.space = new ToneCorrelator(profile.spaceHz, sampleRate, this.window);
    this.power = new Float64Array(this.window);
    this.search = Math.max(1, Math.round(SEARCH_FRACTION * this.samplesPerBit));
  }

  /** Feeds samples; returns the characters completed in them. */
  push(samples: Float32Array): FskCharacter[] {
    const out: FskCharacter[] = [];
    for (const x of samples) {
      this.history[this.index % HISTORY] = this.discriminate(x);
      this.index++;
      this.frame(out);
    }
    return out;
  }

  /** (mark − space) / (mark + space) for the window ending at this sample, or NaN without carrier. */
  private discriminate(x: number): number {
    const m = this.mark.push(x);
    const s = this.space.push(x);
    const slot = this.index % this.window;
    this.powerSum += x * x - (this.power[slot] ?? 0);
    this.power[slot] = x * x;
    const energy = Math.max(this.powerSum, 0);
    const instant = energy > 0 ? (2 * (m + s)) / (energy * this.window) : 0;
    this.share += (instant - this.share) / (SHARE_AVERAGING_BITS * this.window);
    const carrier = this.share >= CARRIER_TONE_SHARE && energy / this.window >= CARRIER_MIN_POWER;
    return carrier && m + s > 0 ? (m - s) / (m + s) : Number.NaN;
  }

  private at(index: number): number {
    return this.history[index % HISTORY] ?? Number.NaN;
  }

  /** Bit k's decision sample for a start edge at `edge` shifted by `offset` samples. */
  private bitSample(edge: number, offset: number, k: number): number {
    return Math.round(edge + offset + this.window / 2 - 1 + k * this.samplesPerBit);
  }

  private frame(out: FskCharacter[]): void {
    if (this.edge < 0) {
      this.huntFrom = Math.max(this.huntFrom, this.index - HISTORY / 2);
      while (this.huntFrom < this.index && !(this.at(this.huntFrom) < 0)) this.huntFrom++;
      if (this.huntFrom >= this.index) return;
      this.edge = this.huntFrom;
    }
    if (this.index <= this.bitSample(this.edge, this.search, 9)) return;
    const best = this.align(this.edge);
    if (best) {
      out.push({ byte: best.byte, sample: this.edge });
      this.huntFrom = this.bitSample(this.edge, best.offset, 9) + 1;
    } else {
      this.huntFrom = this.edge + 1;
      while (this.huntFrom < this.index && !(this.at(this.huntFrom) > 0)) this.huntFrom++;
    }
    this.edge = -1;
  }

  /** The best-scoring valid framing of the character starting near `edge`, if any. */
  private align(edge: number): { byte: number; offset: number } | undefined {
    let best: { byte: number; offset: number; score: number } | undefined;
    for (let offset = -this.search; offset <= this.search; offset++) {
      const start = this.at(this.bitSample(edge, offset, 0));
      const stop = this.at(this.bitSample(edge, offset, 9));
      if (!(start < 0 && stop > 0)) continue;
      let byte = 0;
      let score = stop - start;
      for (let k = 1; k <= 8; k++) {
        const v = this.at(this.bitSample(edge, offset, k));
        if (Number.isNaN(v)) score = Number.NaN;
        if (v > 0) byte |= 1 << (k - 1);
        score += Math.abs(v);
      }
      if (score >= MIN_SCORE && (!best || score > best.score)) best = { byte, offset, score };
    }
    return best;
  }
}
