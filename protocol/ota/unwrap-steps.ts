// Checks shared by command and response unwrapping (ETSI TS 102 225 §5.1.1, §5.2): minimum
// security level, deciphering of the secured part, and the RC/CC comparison.
import { constantTimeEqual } from '../bytes/index.ts';
import type { BlockCipherEngine } from './block-cipher.ts';
import type { Kid } from './key-identifier.ts';
import type { ChecksumType, CounterMode, Spi } from './spi.ts';
import { computeChecksum } from './suites.ts';

/** The minimum security level a TAR demands (TS 102 226 §8.2.1.3.2.4, "MSL"); absent = none. */
export interface SecurityRequirement {
  readonly ciphering?: boolean;
  /** 'cc' demands a cryptographic checksum; 'rc' accepts a CC or an RC. */
  readonly checksum?: 'rc' | 'cc';
  /** 'higher' accepts 'higher' and 'one-higher'; 'one-higher' only itself. */
  readonly counter?: 'no-check' | 'higher' | 'one-higher';
}

const CHECKSUM_RANK: Readonly<Record<ChecksumType, number>> = { none: 0, rc: 1, cc: 2, ds: 2 };
const COUNTER_RANK: Readonly<Record<CounterMode, number>> = {
  none: 0,
  'no-check': 1,
  higher: 2,
  'one-higher': 3,
};

/** True when the SPI meets the requirement (otherwise status 0A). */
export function securityMet(spi: Spi, requirement: SecurityRequirement | undefined): boolean {
  if (requirement === undefined) return true;
  if (requirement.ciphering === true && !spi.ciphering) return false;
  if (requirement.checksum !== undefined) {
    if (CHECKSUM_RANK[spi.checksum] < CHECKSUM_RANK[requirement.checksum]) return false;
  }
  if (requirement.counter !== undefined) {
    if (COUNTER_RANK[spi.counter] < COUNTER_RANK[requirement.counter]) return false;
  }
  return true;
}

/**
 * The secured part in clear: deciphered when `ciphered`, or as received. Undefined when its length
 * is not a whole number of cipher blocks (status 05, ciphering error).
 */
export function cipheredRegion(
  secured: Uint8Array,
  ciphered: boolean,
  decipher: (data: Uint8Array) => Uint8Array,
): { readonly plain: Uint8Array; readonly ciphered: boolean } | undefined {
  if (!ciphered) return { plain: secured, ciphered };
  try {
    return { plain: decipher(secured), ciphered };
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Recomputes the RC/CC over `covered` and compares it with `received` in constant time. */
export function checksumMatches(
  engine: BlockCipherEngine,
  header: { readonly spi: Spi; readonly kid: Kid },
  key: Uint8Array | undefined,
  covered: Uint8Array,
  received: Uint8Array,
  type: ChecksumType = header.spi.checksum,
): boolean {
  const expected = computeChecksum(engine, type, header.kid, key, covered);
  return constantTimeEqual(expected, received);
}
