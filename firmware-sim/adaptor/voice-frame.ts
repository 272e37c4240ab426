// The adaptor's voice request as the IVR reads it on a one-way DTMF path (docs/voice-protocol.md
// "Calls from the SIM adaptor"): the keypad message sealed with the adaptor's AES keys under its
// counter (TS 102 225 §5.1.1 CNTR), in a data frame with sequence digit and CRC-16 (ITU-T V.41).
import { fromHex } from '../../protocol/bytes/index.ts';
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import { encodeFrame } from '../../modem/framing/frame.ts';
import { sealVoicePayload } from '../../modem/voice/payload-cipher-aes.ts';
import { asciiBytes } from '../../modem/voice/payload-codec.ts';
import type { ChannelKeys } from './settings.ts';

/** The sequence digit of the adaptor's frame: one request per call. */
export const ADAPTOR_FRAME_SEQ = 0;
/** How often the adaptor sends its frame: it cannot hear an ACK, so twice with the same seq. */
export const ADAPTOR_FRAME_COPIES = 2;

/** What seals a request: the adaptor's payment keys, its block cipher and the request's counter. */
export interface VoiceSeal {
  readonly keys: ChannelKeys;
  readonly engine: BlockCipherEngine;
  readonly counter: number;
}

/**
 * The sealed payload `*<counter>*<ciphertext, 3 digits a byte>` of a keypad message (ending in
 * `#`), as modem/voice/payload-codec.ts writes it. RangeError for bad keys, counter or length.
 */
export function sealedVoicePayload(keypad: string, seal: VoiceSeal): string {
  const keys = { kic: fromHex(seal.keys.kic), kid: fromHex(seal.keys.kid) };
  const sealed = sealVoicePayload(seal.engine, keys, 'request', seal.counter, asciiBytes(keypad));
  const digits = Array.from(sealed, (b) => String(b).padStart(3, '0')).join('');
  return `*${seal.counter}*${digits}`;
}

/** The DTMF digits of the data frame carrying `keypad` sealed under `seal`. RangeError as above. */
export function voiceRequestFrame(keypad: string, seal: VoiceSeal): string {
  const payload = sealedVoicePayload(keypad, seal);
  return encodeFrame({ kind: 'data', seq: ADAPTOR_FRAME_SEQ, payload });
}
