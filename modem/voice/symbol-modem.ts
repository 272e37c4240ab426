// The pluggable line encodings of the voice channel: each turns frame symbols (`0-9*#`) into audio and
// back. DTMF (ITU-T Q.23) is always available; FSK is the faster one negotiated at call set-up.
import { modulateFsk } from '../fsk/fsk-modulator.ts';
import { FskDemodulator } from '../fsk/fsk-demodulator.ts';
import type { FskProfile } from '../fsk/fsk-profile.ts';
import { asciiBytes } from './payload-codec.ts';

/** The line encodings, with the digit that names them in HELLO (as a bit) and SELECT. */
export type VoiceMode = 'dtmf' | 'fsk';
export const MODE_DIGITS: Readonly<Record<VoiceMode, number>> = { dtmf: 1, fsk: 2 };

/** Streaming symbol recovery. */
export interface SymbolReceiver {
  /** Feeds audio; returns the symbols completed in it (FSK may also return other characters). */
  push(samples: Float32Array): string;
}

/** One line encoding. */
export interface SymbolModem {
  readonly mode: VoiceMode;
  /** Audio for a run of symbols. */
  modulate(symbols: string): Float32Array;
  /** A fresh receiver for one call direction. */
  createReceiver(): SymbolReceiver;
  /** Quiet time after which a frame still open is given up as damaged, in ms. */
  readonly interSymbolTimeoutMs: number;
}

/** Options of the FSK line encoding; amplitude is the peak with full scale = 1. */
export interface FskModemOptions {
  readonly sampleRate: number;
  readonly profile: FskProfile;
  readonly amplitude: number;
  readonly leadMs?: number;
  readonly tailMs?: number;
}

/** Frame symbols as ASCII characters over asynchronous FSK. */
export function fskModem(options: FskModemOptions): SymbolModem {
  return {
    mode: 'fsk',
    interSymbolTimeoutMs: 100,
    modulate: (symbols) =>
      modulateFsk(asciiBytes(symbols), {
        sampleRate: options.sampleRate,
        profile: options.profile,
        amplitude: options.amplitude,
        leadMs: options.leadMs ?? 40,
        tailMs: options.tailMs ?? 10,
      }),
    createReceiver() {
      const demodulator = new FskDemodulator(options);
      return {
        push: (samples) =>
          demodulator
            .push(samples)
            .map((c) => String.fromCharCode(c.byte))
            .join(''),
      };
    },
  };
}
