// The IVR's DTMF receiver for every kind of caller (ITU-T Q.24 detection): the voice modem's repeat
// key `A` stands for the symbol before it, and a key heard again after a real pause is a new
// symbol, as a handset keys the repeated digits of a SEND DTMF string (TS 102 223 §6.4.24).
import { repeatDecodingReceiver } from '../../modem/voice/dtmf-modem.ts';
import type { SymbolModem } from '../../modem/voice/symbol-modem.ts';

/**
 * Longest gap between two detections of one key that still counts as one tone, in ms: a 20 ms
 * packet lost inside a tone splits it with a gap of about 20 ms, two lost about 40 ms, while a
 * handset pauses 70 ms or more between keys.
 */
export const SPLIT_TONE_MS = 50;

/**
 * `modem` (the DTMF line encoding) with a receiver that takes both the repeat key and keys repeated
 * after a pause; what the IVR sends is unchanged.
 */
export function keypadTolerantDtmf(modem: SymbolModem, sampleRate: number): SymbolModem {
  const mergeSamples = Math.round((SPLIT_TONE_MS / 1000) * sampleRate);
  return {
    mode: modem.mode,
    interSymbolTimeoutMs: modem.interSymbolTimeoutMs,
    modulate: (symbols) => modem.modulate(symbols),
    createReceiver: () => repeatDecodingReceiver(sampleRate, mergeSamples),
  };
}
