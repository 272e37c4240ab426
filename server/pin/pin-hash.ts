// PINs stored as HMAC-SHA256 (RFC 2104) keyed by a server pepper kept outside the database, with
// the member's number as salt; compared in constant time. The PIN itself is never stored or logged.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** PINs are 4 to 8 decimal digits. */
export function isValidPinFormat(pin: unknown): pin is string {
  return typeof pin === 'string' && /^[0-9]{4,8}$/.test(pin);
}

/** Hashes and checks PINs with a pepper (at least 16 bytes) that never reaches the database. */
export class PinHasher {
  private readonly pepper: Uint8Array;

  constructor(pepper: Uint8Array) {
    if (pepper.length < 16) throw new Error('PIN pepper must be at least 16 bytes');
    this.pepper = Uint8Array.from(pepper);
  }

  /** Hex HMAC-SHA256(pepper, msisdn ":" pin). */
  hash(msisdn: string, pin: string): string {
    return createHmac('sha256', this.pepper).update(`${msisdn}:${pin}`, 'utf8').digest('hex');
  }

  /** Constant-time comparison of a presented PIN against a stored hash. */
  matches(msisdn: string, pin: string, storedHash: string): boolean {
    const expected = Buffer.from(storedHash, 'hex');
    const actual = Buffer.from(this.hash(msisdn, pin), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
