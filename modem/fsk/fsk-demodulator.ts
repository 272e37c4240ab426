// Streaming binary FSK receiver with asynchronous 8N1 character recovery: mark/space decision from
// two sliding one-bit correlators, carrier detect by the share of window energy in the two tones,
// start-bit edge search, mid-bit sampling, and a stop-bit check that drops misframed characters.
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

/** A received character and the sample index of its start bit's edge. */
export interface FskCharacter {
  readonly byte: number;
  readonly sample: number;
}

type UartState =
  | { readonly phase: 'hunt' }
  | { readonly phase: 'bits'; readonly edge: number; readonly bit: number; readonly value: number }
  | { readonly phase: 'wait-mark' };

/** Demodulates samples pushed in blocks of any size into bytes. */
export class FskDemodulator {
  private readonly mark: ToneCorrelator;
  private readonly space: ToneCorrelator;
  private readonly samplesPerBit: number;
  private readonly window: number;
  private readonly power: Float64Array;
  private powerSum = 0;
  private share = 0;
  private index = 0;
  private uart: UartState = { phase: 'hunt' };

  constructor(options: { readonly sampleRate: number; readonly profile: FskProfile }) {
    const { sampleRate, profile } = options;
    this.samplesPerBit = sampleRate / profile.baud;
    this.window = Math.max(2, Math.round(this.samplesPerBit));
    this.mark = new ToneCorrelator(profile.markHz, sampleRate, this.window);
    this.space = new ToneCorrelator(profile.spaceHz, sampleRate, this.window);
    this.power = new Float64Array(this.window);
  }

  /** Feeds samples; returns the characters completed in them. */
  push(samples: Float32Array): FskCharacter[] {
    const out: FskCharacter[] = [];
    for (const x of samples) {
      const m = this.mark.push(x);
      const s = this.space.push(x);
      const slot = this.index % this.window;
      this.powerSum += x * x - (this.power[slot] ?? 0);
      this.power[slot] = x * x;
      const energy = Math.max(this.powerSum, 0);
      const instant = energy > 0 ? (2 * (m + s)) / (energy * this.window) : 0;
      this.share += (instant - this.share) / (SHARE_AVERAGING_BITS * this.window);
      const carrier = this.share >= CARRIER_TONE_SHARE && energy / this.window >= CARRIER_MIN_POWER;
      this.step(carrier ? (m >= s ? 1 : 0) : -1, out);
      this.index++;
    }
    return out;
  }

  /** Advances the UART by one sample; `level` is 1 mark, 0 space, −1 no carrier. */
  private step(level: number, out: FskCharacter[]): void {
    const uart = this.uart;
    if (uart.phase === 'wait-mark') {
      if (level === 1) this.uart = { phase: 'hunt' };
      return;
    }
    if (uart.phase === 'hunt') {
      if (level === 0) this.uart = { phase: 'bits', edge: this.index, bit: 0, value: 0 };
      return;
    }
    const sampleAt = Math.round(uart.edge + (uart.bit + 0.5) * this.samplesPerBit - 1);
    if (this.index < sampleAt) return;
    if (level < 0) {
      this.uart = { phase: 'hunt' };
      return;
    }
    this.sampleBit(uart, level, out);
  }

  private sampleBit(
    uart: { readonly edge: number; readonly bit: number; readonly value: number },
    level: number,
    out: FskCharacter[],
  ): void {
    if (uart.bit === 0) {
      this.uart = level === 0 ? { ...uart, phase: 'bits', bit: 1 } : { phase: 'hunt' };
    } else if (uart.bit <= 8) {
      const value = uart.value | (level << (uart.bit - 1));
      this.uart = { phase: 'bits', edge: uart.edge, bit: uart.bit + 1, value };
    } else if (level === 1) {
      out.push({ byte: uart.value, sample: uart.edge });
      this.uart = { phase: 'hunt' };
    } else {
      this.uart = { phase: 'wait-mark' };
    }
  }
}
