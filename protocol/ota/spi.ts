// ETSI TS 102 225 §5.1.1 Security Parameter Indicator (SPI), two octets: what security the
// command packet carries and what the Proof of Receipt (PoR) shall look like.
import { DecodeError } from '../bytes/index.ts';

/** Checksum types of SPI b2b1 (first octet) and b4b3 (second octet). */
export type ChecksumType = 'none' | 'rc' | 'cc' | 'ds';

/**
 * Counter modes of SPI b5b4: no counter; counter available, no replay check; process only if
 * higher than the card's counter; process only if exactly one higher.
 */
export type CounterMode = 'none' | 'no-check' | 'higher' | 'one-higher';

/** SPI second octet b2b1. */
export type PorRequest = 'none' | 'always' | 'on-error';

/** The two SPI octets, decoded. Reserved bits must be zero and are rejected otherwise. */
export interface Spi {
  readonly checksum: ChecksumType;
  readonly ciphering: boolean;
  readonly counter: CounterMode;
  readonly por: PorRequest;
  readonly porChecksum: ChecksumType;
  readonly porCiphering: boolean;
  /** true: PoR sent in an SMS-SUBMIT; false: in the SMS-DELIVER-REPORT (TS 31.115 §4.2). */
  readonly porViaSubmit: boolean;
}

const CHECKSUMS: readonly ChecksumType[] = ['none', 'rc', 'cc', 'ds'];
const COUNTERS: readonly CounterMode[] = ['none', 'no-check', 'higher', 'one-higher'];
const POR: readonly PorRequest[] = ['none', 'always', 'on-error'];

/** Encodes the two SPI octets. */
export function encodeSpi(spi: Spi): Uint8Array {
  const first =
    CHECKSUMS.indexOf(spi.checksum) |
    (spi.ciphering ? 0x04 : 0) |
    (COUNTERS.indexOf(spi.counter) << 3);
  const second =
    POR.indexOf(spi.por) |
    (CHECKSUMS.indexOf(spi.porChecksum) << 2) |
    (spi.porCiphering ? 0x10 : 0) |
    (spi.porViaSubmit ? 0x20 : 0);
  return Uint8Array.of(first, second);
}

/** Decodes two SPI octets; reserved bits set, or PoR b2b1 = 11, give DecodeError OTA_BAD_SPI. */
export function decodeSpi(bytes: Uint8Array, offset = 0): Spi {
  if (bytes.length !== 2) {
    throw new DecodeError('OTA_BAD_SPI', offset, `SPI is 2 bytes, got ${bytes.length}`);
  }
  const first = bytes[0]!;
  const second = bytes[1]!;
  if ((first & 0xe0) !== 0) {
    throw new DecodeError(
      'OTA_BAD_SPI',
      offset,
      'reserved bits b8-b6 of the first SPI octet are set',
    );
  }
  if ((second & 0xc0) !== 0 || (second & 0x03) === 0x03) {
    throw new DecodeError('OTA_BAD_SPI', offset + 1, 'reserved coding in the second SPI octet');
  }
  return {
    checksum: CHECKSUMS[first & 0x03]!,
    ciphering: (first & 0x04) !== 0,
    counter: COUNTERS[(first >> 3) & 0x03]!,
    por: POR[second & 0x03]!,
    porChecksum: CHECKSUMS[(second >> 2) & 0x03]!,
    porCiphering: (second & 0x10) !== 0,
    porViaSubmit: (second & 0x20) !== 0,
  };
}
