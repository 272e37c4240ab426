// The adaptor's voice payload cipher: AES-CBC under KIc (ETSI TS 102 225 §5.1.2, counter-derived IV
// per NIST SP 800-38A App. C) and AES-CMAC under KID (RFC 4493, leftmost 8 bytes as TS 102 225 §5.1.3.1).
import { constantTimeEqual, DecodeError } from '../../protocol/bytes/index.ts';
import { isValidKeyLength, type BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import { cbcDecrypt, cbcEncrypt, ecbEncrypt, paddingLength } from '../../protocol/ota/cbc.ts';
import { aesCmac } from '../../protocol/ota/cmac.ts';
import { encodeCounter } from '../../protocol/ota/command-packet.ts';
import type { PayloadCipher } from './payload-cipher.ts';
import { MAX_CIPHERTEXT_BYTES } from './payload-codec.ts';

/** Which way a payload travels: requests go caller → IVR, responses IVR → caller. */
export type VoiceDirection = 'request' | 'response';

/** The direction byte D that the IV and the checksum cover. */
export const DIRECTION_BYTE: Readonly<Record<VoiceDirection, number>> = {
  request: 0x01,
  response: 0x02,
};

/** The adaptor's AES keys, as for its secured SMS: KIc ciphers, KID checksums. */
export interface VoiceKeys {
  readonly kic: Uint8Array;
  readonly kid: Uint8Array;
}

/** Length of the cryptographic checksum CC (TS 102 225 §5.1.3.1). */
export const VOICE_CC_LENGTH = 8;
const BLOCK = 16;
/** Most cipher blocks a sealed payload may hold (it must fit the payload codec's limit). */
const MAX_BLOCKS = Math.floor((MAX_CIPHERTEXT_BYTES - VOICE_CC_LENGTH) / BLOCK);
/** Longest plaintext that can be sealed, in bytes (one byte of each block budget goes to PCNTR). */
export const MAX_VOICE_PLAINTEXT = MAX_BLOCKS * BLOCK - 1;

/** What opening a well-formed sealed payload gave: the plaintext, or why it was refused. */
export type VoiceOpenResult =
  | { readonly kind: 'opened'; readonly plaintext: Uint8Array }
  /** Tampered, reflected (other direction), another counter or another key: indistinguishable. */
  | { readonly kind: 'bad-checksum' }
  /** The checksum held but PCNTR or the padding bytes are wrong (the sender's KIc differs). */
  | { readonly kind: 'bad-padding' };

/** Throws RangeError unless both keys are AES keys. */
export function checkVoiceKeys(keys: VoiceKeys): void {
  if (!isValidKeyLength('aes', keys.kic) || !isValidKeyLength('aes', keys.kid))
    throw new RangeError('voice payload keys must be AES keys of 16, 24 or 32 bytes');
}

/** D || CNTR: the direction byte and the 5-byte big-endian counter (TS 102 225 CNTR). */
function header(direction: VoiceDirection, counter: number): Uint8Array {
  const out = new Uint8Array(6);
  out[0] = DIRECTION_BYTE[direction];
  out.set(encodeCounter(counter), 1);
  return out;
}

/** IV = AES-ECB_KIc(D || CNTR || 00×10): a nonce block enciphered (SP 800-38A Appendix C). */
function ivOf(engine: BlockCipherEngine, kic: Uint8Array, head: Uint8Array): Uint8Array {
  const nonce = new Uint8Array(BLOCK);
  nonce.set(head);
  return ecbEncrypt(engine, 'aes', kic, nonce);
}

/** Leftmost 8 bytes of AES-CMAC_KID(D || CNTR || C). */
function checksum(
  engine: BlockCipherEngine,
  kid: Uint8Array,
  head: Uint8Array,
  body: Uint8Array,
): Uint8Array {
  const covered = new Uint8Array(head.length + body.length);
  covered.set(head);
  covered.set(body, head.length);
  return aesCmac(engine, kid, covered).slice(0, VOICE_CC_LENGTH);
}

function xorFirstBlock(data: Uint8Array, iv: Uint8Array): void {
  for (let i = 0; i < BLOCK; i++) data[i] = data[i]! ^ iv[i]!;
}

/**
 * Seals `plaintext` sent in `direction` under `counter`: C || CC where
 * C = AES-CBC_KIc(IV, PCNTR || plaintext || 00×PCNTR). Throws RangeError for bad keys, a counter
 * outside 0..2⁴⁰−1 or a plaintext over MAX_VOICE_PLAINTEXT bytes.
 */
export function sealVoicePayload(
  engine: BlockCipherEngine,
  keys: VoiceKeys,
  direction: VoiceDirection,
  counter: number,
  plaintext: Uint8Array,
): Uint8Array {
  checkVoiceKeys(keys);
  if (plaintext.length > MAX_VOICE_PLAINTEXT)
    throw new RangeError(`voice plaintext over ${MAX_VOICE_PLAINTEXT} bytes`);
  const head = header(direction, counter);
  const pcntr = paddingLength(plaintext.length + 1, BLOCK);
  const padded = new Uint8Array(1 + plaintext.length + pcntr);
  padded[0] = pcntr;
  padded.set(plaintext, 1);
  xorFirstBlock(padded, ivOf(engine, keys.kic, head));
  const body = cbcEncrypt(engine, 'aes', keys.kic, padded);
  const sealed = new Uint8Array(body.length + VOICE_CC_LENGTH);
  sealed.set(body);
  sealed.set(checksum(engine, keys.kid, head, body), body.length);
  return sealed;
}

/**
 * Opens a payload expected to travel in `direction` under `counter`. The checksum is verified
 * before anything is deciphered. Throws DecodeError `VOICE_SEALED_*` only for bytes that cannot be
 * a sealed payload (length); authentication and padding failures are returned as outcomes.
 */
export function openVoicePayload(
  engine: BlockCipherEngine,
  keys: VoiceKeys,
  direction: VoiceDirection,
  counter: number,
  sealed: Uint8Array,
): VoiceOpenResult {
  checkVoiceKeys(keys);
  checkSealedLength(sealed);
  const head = header(direction, counter);
  const body = sealed.subarray(0, sealed.length - VOICE_CC_LENGTH);
  const cc = sealed.subarray(sealed.length - VOICE_CC_LENGTH);
  if (!constantTimeEqual(cc, checksum(engine, keys.kid, head, body)))
    return { kind: 'bad-checksum' };
  const padded = cbcDecrypt(engine, 'aes', keys.kic, body);
  xorFirstBlock(padded, ivOf(engine, keys.kic, head));
  const pcntr = padded[0]!;
  if (pcntr >= BLOCK || pcntr > padded.length - 1) return { kind: 'bad-padding' };
  const end = padded.length - pcntr;
  if (padded.subarray(end).some((b) => b !== 0)) return { kind: 'bad-padding' };
  return { kind: 'opened', plaintext: padded.slice(1, end) };
}

function checkSealedLength(sealed: Uint8Array): void {
  const min = BLOCK + VOICE_CC_LENGTH;
  if (sealed.length < min)
    throw new DecodeError('VOICE_SEALED_SHORT', sealed.length, `sealed payload under ${min} bytes`);
  if (sealed.length > MAX_CIPHERTEXT_BYTES)
    throw new DecodeError('VOICE_SEALED_LONG', MAX_CIPHERTEXT_BYTES, 'sealed payload too long');
  if ((sealed.length - VOICE_CC_LENGTH) % BLOCK !== 0)
    throw new DecodeError('VOICE_SEALED_BLOCKS', 0, 'ciphertext is not whole 16-byte blocks');
}

/** How one end of a call uses the cipher: what it sends; it accepts only the other direction. */
export interface AesPayloadCipherOptions {
  readonly engine: BlockCipherEngine;
  readonly keys: VoiceKeys;
  /** `request` for the caller (the adaptor), `response` for the IVR. */
  readonly sends: VoiceDirection;
}

/**
 * The PayloadCipher of one end. A refused payload rejects with DecodeError `VOICE_BAD_CHECKSUM` or
 * `VOICE_BAD_PADDING` (the port's contract), which the IVR answers with its errorResponse.
 */
export function aesPayloadCipher(options: AesPayloadCipherOptions): PayloadCipher {
  const { engine, keys, sends } = options;
  checkVoiceKeys(keys);
  const receives: VoiceDirection = sends === 'request' ? 'response' : 'request';
  return {
    encrypt: async (plaintext, counter) =>
      sealVoicePayload(engine, keys, sends, counter, plaintext),
    decrypt: async (sealed, counter) => {
      const result = openVoicePayload(engine, keys, receives, counter, sealed);
      if (result.kind === 'opened') return result.plaintext;
      if (result.kind === 'bad-checksum')
        throw new DecodeError('VOICE_BAD_CHECKSUM', sealed.length - VOICE_CC_LENGTH, 'CC mismatch');
      throw new DecodeError('VOICE_BAD_PADDING', 0, 'PCNTR or padding wrong');
    },
  };
}
