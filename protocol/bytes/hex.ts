// Hex at the edges: CLI arguments, fixtures and logs. Inside, bytes are Uint8Array.
import { DecodeError } from './decode-error.ts';

const HEX_DIGITS = '0123456789abcdef';

/** Lower-case hex without separators. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  return out;
}

/** Upper-case hex with a space between bytes, as in traces (`00 A4 04 00`). */
export function toSpacedHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/**
 * Parses hex, ignoring white space, `:` and `-` separators and an optional `0x` prefix.
 * Throws DecodeError HEX_ODD_LENGTH or HEX_INVALID_DIGIT.
 */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, '').replace(/[\s:-]/g, '');
  if (clean.length % 2 !== 0) {
    throw new DecodeError('HEX_ODD_LENGTH', clean.length, 'hex string has an odd number of digits');
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(clean.charCodeAt(2 * i));
    const lo = hexValue(clean.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) {
      throw new DecodeError(
        'HEX_INVALID_DIGIT',
        i,
        `'${clean.slice(2 * i, 2 * i + 2)}' is not hex`,
      );
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** True when both arrays hold the same bytes. Not constant-time: never use it on secrets. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Compares two MACs in time independent of where they differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
