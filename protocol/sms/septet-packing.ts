// 3GPP TS 23.038 §6.1.2.1.1 packing of 7-bit characters, with the fill bits of TS 23.040
// §9.2.3.24 that align the first septet after a user data header on a septet boundary.
import { DecodeError } from '../bytes/index.ts';

/**
 * Packs septet values (0x00-0x7F, one per byte) LSB first: septet i occupies bits
 * fillBits+7i ... fillBits+7i+6 of the output bit stream. `fillBits` (0-6) leading zero bits
 * come first. The result has ceil((fillBits + 7n) / 8) octets; spare bits are zero.
 */
export function packSeptets(septets: Uint8Array, fillBits = 0): Uint8Array {
  checkFillBits(fillBits);
  const out = new Uint8Array(Math.ceil((fillBits + 7 * septets.length) / 8));
  let bit = fillBits;
  for (const septet of septets) {
    if (septet > 0x7f) throw new RangeError(`0x${septet.toString(16)} is not a septet`);
    const byte = bit >> 3;
    const shift = bit & 7;
    out[byte]! |= (septet << shift) & 0xff;
    if (shift > 1) out[byte + 1]! |= septet >> (8 - shift);
    bit += 7;
  }
  return out;
}

/**
 * Unpacks `septetCount` septets after `fillBits` (0-6) leading bits. Throws DecodeError
 * `SMS_TRUNCATED` when `bytes` holds fewer bits than that needs. Extra bits are ignored.
 */
export function unpackSeptets(bytes: Uint8Array, septetCount: number, fillBits = 0): Uint8Array {
  checkFillBits(fillBits);
  if (!Number.isInteger(septetCount) || septetCount < 0) {
    throw new RangeError(`septet count ${septetCount} is not a whole number`);
  }
  const needed = Math.ceil((fillBits + 7 * septetCount) / 8);
  if (needed > bytes.length) {
    throw new DecodeError(
      'SMS_TRUNCATED',
      bytes.length,
      `${septetCount} septet(s) need ${needed} octet(s), ${bytes.length} present`,
    );
  }
  const out = new Uint8Array(septetCount);
  let bit = fillBits;
  for (let i = 0; i < septetCount; i++) {
    const byte = bit >> 3;
    const shift = bit & 7;
    let value = bytes[byte]! >> shift;
    if (shift > 1) value |= bytes[byte + 1]! << (8 - shift);
    out[i] = value & 0x7f;
    bit += 7;
  }
  return out;
}

/** Octets that `septetCount` septets take after `fillBits` leading bits. */
export function packedLength(septetCount: number, fillBits = 0): number {
  return Math.ceil((fillBits + 7 * septetCount) / 8);
}

function checkFillBits(fillBits: number): void {
  if (!Number.isInteger(fillBits) || fillBits < 0 || fillBits > 6) {
    throw new RangeError(`fill bits must be 0-6, got ${fillBits}`);
  }
}
