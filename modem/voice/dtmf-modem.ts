// DTMF as a line encoding of the voice channel: frame symbols as ITU-T Q.23 key tones with Q.24
// timing, and the streaming Goertzel detector on the receive side.
import { DtmfDetector } from '../dtmf/dtmf-detector.ts';
import { generateDtmf } from '../dtmf/tone-generator.ts';
import type { SymbolModem } from './symbol-modem.ts';

/** Send timing and level; defaults: 60 ms tone, 40 ms pause (10 symbols/s), −10 dBm0 per tone. */
export interface DtmfModemOptions {
  readonly sampleRate: number;
  readonly toneMs?: number;
  readonly gapMs?: number;
  readonly levelDbm0?: number;
  /** High-group level minus low-group level, in dB (pre-emphasis). */
  readonly twistDb?: number;
}

/** A pause before the first key so that a frame never runs on from the previous one, in ms. */
const LEAD_MS = 40;

/** The DTMF line encoding. */
export function dtmfModem(options: DtmfModemOptions): SymbolModem {
  const { sampleRate } = options;
  const tone = {
    sampleRate,
    toneMs: options.toneMs ?? 60,
    gapMs: options.gapMs ?? 40,
    levelDbm0: options.levelDbm0 ?? -10,
    twistDb: options.twistDb ?? 2,
  };
  const lead = Math.round((LEAD_MS / 1000) * sampleRate);
  return {
    mode: 'dtmf',
    interSymbolTimeoutMs: 3 * (tone.toneMs + tone.gapMs) + 100,
    modulate(symbols) {
      const keys = generateDtmf(symbols, tone);
      const out = new Float32Array(lead + keys.length);
      out.set(keys, lead);
      return out;
    },
    createReceiver() {
      const detector = new DtmfDetector({ sampleRate });
      return {
        push: (samples) =>
          detector
            .push(samples)
            .map((d) => d.digit)
            .join(''),
      };
    },
  };
}
