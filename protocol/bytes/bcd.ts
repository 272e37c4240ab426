// Swapped semi-octet (BCD) digit strings, as in TS 23.040 §9.1.2.3 addresses, TS 24.008
// §10.5.4.7 called party numbers, TS 31.102 EF_IMSI / TS 102 221 EF_ICCID and TS 102 223 §8.1
// Address objects: first digit in the low nibble, `F` filler for an odd count.
// Extended digits: `*` = A, `#` = B, `a` = C, `b` = D, `c` = E (TS 24.008 table 10.5.118).
import { DecodeError } from './decode-error.ts';

const DIGITS = '0123456789*#abc';
const FILLER = 0xf;

/** Encodes digits (0-9 * # a b c) as swapped semi-octets, padding an odd count with F. */
export function encodeSwappedBcd(digits: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(digits.length / 2));
  for (let i = 0; i < digits.length; i += 2) {
    const low = digitValue(digits, i);
    const high = i + 1 < digits.length ? digitValue(digits, i + 1) : FILLER;
    out[i / 2] = (high << 4) | low;
  }
  return out;
}

/**
 * Decodes swapped semi-octets. With `digitCount` exactly that many digits are read; without it,
 * decoding stops at the first F filler (only allowed as the last semi-octet(s)).
 */
export function decodeSwappedBcd(bytes: Uint8Array, digitCount?: number, baseOffset = 0): string {
  const limit = digitCount ?? bytes.length * 2;
  if (limit > bytes.length * 2) {
    throw new DecodeError('BCD_TRUNCATED', baseOffset + bytes.length, `needs ${limit} digits`);
  }
  let out = '';
  for (let i = 0; i < limit; i++) {
    const byte = bytes[i >> 1]!;
    const nibble = i % 2 === 0 ? byte & 0x0f : byte >> 4;
    if (nibble === FILLER) {
      if (digitCount !== undefined) {
        throw new DecodeError(
          'BCD_INVALID_DIGIT',
          baseOffset + (i >> 1),
          'filler F inside the digits',
        );
      }
      return out;
    }
    out += DIGITS[nibble]!;
  }
  return out;
}

/** True when every character is a digit this encoding can carry. */
export function isBcdDigits(digits: string): boolean {
  for (const ch of digits) if (!DIGITS.includes(ch.toLowerCase())) return false;
  return true;
}

function digitValue(digits: string, index: number): number {
  const value = DIGITS.indexOf(digits[index]!.toLowerCase());
  if (value < 0) throw new RangeError(`'${digits[index]}' cannot be encoded as a BCD digit`);
  return value;
}
