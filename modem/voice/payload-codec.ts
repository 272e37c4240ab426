// Frame payloads: a keypad message without its `#`, or, when encrypted, `*<counter>*<ciphertext>`
// where the ciphertext of the keypad message (ASCII, `#` included) is written as 3 digits a byte,
// or the IVR's unauthenticated refusal `**<code>` of a request it could not open or would not run.
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { PayloadCipher } from './payload-cipher.ts';

/** Longest ciphertext accepted, in bytes. */
export const MAX_CIPHERTEXT_BYTES = 160;
/** Largest counter carried (5 bytes, as in ETSI TS 102 225 CNTR). */
export const MAX_COUNTER = 2 ** 40 - 1;

/** An encryption key holder and the counter to use for this message. */
export interface PayloadProtection {
  readonly cipher: PayloadCipher;
  readonly counter: number;
}

/** Turns a keypad message (ending in `#`) into a frame payload, encrypting it when asked. */
export async function sealPayload(keypad: string, protection?: PayloadProtection): Promise<string> {
  if (!protection) return keypad.slice(0, -1);
  const { cipher, counter } = protection;
  if (!Number.isSafeInteger(counter) || counter < 0 || counter > MAX_COUNTER)
    throw new RangeError('counter out of range');
  const sealed = await cipher.encrypt(asciiBytes(keypad), counter);
  const digits = Array.from(sealed, (b) => String(b).padStart(3, '0')).join('');
  return `*${counter}*${digits}`;
}

/** True when a payload is in the encrypted form. */
export function isSealed(payload: string): boolean {
  return /^\*\d/.test(payload);
}

/** Refusal codes: 400 the request could not be opened, 409 its counter was refused. */
export type RefusalCode = 400 | 409;

/** The fixed refusal payload `**<code>`; it carries no checksum, so it proves nothing. */
export function refusalPayload(code: RefusalCode): string {
  return `**${code}`;
}

/** The refusal code of a payload in the refusal form, or undefined for any other payload. */
export function refusalCode(payload: string): RefusalCode | undefined {
  if (payload === '**400') return 400;
  if (payload === '**409') return 409;
  return undefined;
}

function parseSealed(payload: string): { counter: number; ciphertext: Uint8Array } {
  const match = /^\*(0|[1-9]\d{0,12})\*((?:\d{3})+)$/.exec(payload);
  if (!match) throw new DecodeError('VOICE_BAD_SEALED', 0, 'encrypted payload is *counter*digits');
  const counter = Number(match[1]);
  const digits = match[2] ?? '';
  if (counter > MAX_COUNTER) throw new DecodeError('VOICE_BAD_SEALED', 1, 'counter too large');
  if (digits.length / 3 > MAX_CIPHERTEXT_BYTES)
    throw new DecodeError('VOICE_BAD_SEALED', 0, 'ciphertext too long');
  const ciphertext = new Uint8Array(digits.length / 3);
  for (let i = 0; i < ciphertext.length; i++) {
    const value = Number(digits.slice(3 * i, 3 * i + 3));
    if (value > 255) throw new DecodeError('VOICE_BAD_SEALED', 3 * i, 'byte over 255');
    ciphertext[i] = value;
  }
  return { counter, ciphertext };
}

/**
 * Recovers the keypad message (ending in `#`) and the counter, decrypting when sealed. With a
 * cipher, only sealed payloads are accepted: a plain one throws DecodeError `VOICE_NOT_SEALED`.
 */
export async function openPayload(
  payload: string,
  cipher?: PayloadCipher,
): Promise<{ readonly keypad: string; readonly counter?: number }> {
  if (!isSealed(payload)) {
    if (cipher)
      throw new DecodeError('VOICE_NOT_SEALED', 0, 'plain payload where encryption is on');
    return { keypad: `${payload}#` };
  }
  const { counter, ciphertext } = parseSealed(payload);
  if (!cipher) throw new DecodeError('VOICE_NO_KEY', 0, 'encrypted payload but no key');
  const plain = await cipher.decrypt(ciphertext, counter);
  let keypad = '';
  for (const byte of plain) keypad += String.fromCharCode(byte);
  return { keypad, counter };
}

/** The bytes of an ASCII string (keypad symbols are ASCII). */
export function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}
