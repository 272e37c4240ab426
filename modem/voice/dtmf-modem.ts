// DTMF as a line encoding of the voice channel: frame symbols as ITU-T Q.23 key tones, and the
// streaming Goertzel detector on the receive side. No key is sent twice in a row (a repeat is sent
// as key A), so a tone split by a lost 20 ms packet is heard as one key, not two.
import { DtmfDetector } from '../dtmf/dtmf-detector.ts';
import { generateDtmf } from '../dtmf/tone-generator.ts';
import type { SymbolModem, SymbolReceiver } from './symbol-modem.ts';

/** Send timing and level; defaults: 90 ms tone, 40 ms pause, −10 dBm0 per tone, high group +2 dB. */
export interface DtmfModemOptions {
  readonly sampleRate: number;
  readonly toneMs?: number;
  readonly gapMs?: number;
  readonly levelDbm0?: number;
  /** High-group level minus low-group level, in dB (pre-emphasis). */
  readonly twistDb?: number;
}

/** The key sent instead of a symbol equal to the key just sent. */
export const REPEAT_KEY = 'A';
/** A pause before the first key so that a frame never runs on from the previous one, in ms. */
const LEAD_MS = 40;

/** Replaces each symbol equal to the previous key with the repeat key: `1114` -> `1A14`. */
export function encodeRepeats(symbols: string): string {
  let out = '';
  let last = '';
  for (const symbol of symbols) {
    last = symbol === last ? REPEAT_KEY : symbol;
    out += last;
  }
  return out;
}

/** Streaming inverse of encodeRepeats that also merges a key heard twice in a row into one. */
export class RepeatDecoder {
  private lastKey = '';
  private lastSymbol = '';
  private lastEnd = -Infinity;

  constructor(private readonly mergeSamples: number) {}

  /** One detected key with its start and end sample; returns the symbol it stands for, or ''. */
  push(key: string, startSample: number, endSample: number): string {
    const merged = key === this.lastKey && startSample - this.lastEnd <= this.mergeSamples;
    this.lastEnd = endSample;
    if (merged) return '';
    this.lastKey = key;
    this.lastSymbol = key === REPEAT_KEY ? this.lastSymbol : key;
    return this.lastSymbol;
  }
}

/**
 * A streaming DTMF receiver that turns keys into symbols through a RepeatDecoder: a key heard again
 * within `mergeSamples` of its end is the same tone, and the repeat key stands for the last symbol.
 */
export function repeatDecodingReceiver(sampleRate: number, mergeSamples: number): SymbolReceiver {
  const detector = new DtmfDetector({ sampleRate });
  const repeats = new RepeatDecoder(mergeSamples);
  return {
    push: (samples) =>
      detector
        .push(samples)
        .map((d) => repeats.push(d.digit, d.startSample, d.endSample))
        .join(''),
  };
}

/** The DTMF line encoding. */
export function dtmfModem(options: DtmfModemOptions): SymbolModem {
  const { sampleRate } = options;
  const tone = {
    sampleRate,
    toneMs: options.toneMs ?? 90,
    gapMs: options.gapMs ?? 40,
    levelDbm0: options.levelDbm0 ?? -10,
    twistDb: options.twistDb ?? 2,
  };
  const lead = Math.round((LEAD_MS / 1000) * sampleRate);
  const mergeSamples = Math.round(((tone.toneMs + tone.gapMs) / 1000) * sampleRate);
  return {
    mode: 'dtmf',
    interSymbolTimeoutMs: 3 * (tone.toneMs + tone.gapMs) + 100,
    modulate(symbols) {
      const keys = generateDtmf(encodeRepeats(symbols), tone);
      const out = new Float32Array(lead + keys.length);
      out.set(keys, lead);
      return out;
    },
    createReceiver: () => repeatDecodingReceiver(sampleRate, mergeSamples),
  };
}
