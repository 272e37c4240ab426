// ETSI TS 102 225 §5.2 response packet as carried in SMS (3GPP TS 31.115 §4.3, RPI in the UDH,
// RHI empty): RPL RHL TAR | CNTR PCNTR status RC/CC/DS additional-data padding, the part after TAR
// ciphered when the command's SPI asks for a ciphered PoR; the RC/CC/DS covers the UDH header
// (UDHL, IEI 71, IEDL), RPL to the status code, and the data with its padding.
import { ByteReader, ByteWriter, DecodeError, concatBytes } from '../bytes/index.ts';
import type { BlockCipherEngine } from './block-cipher.ts';
import { paddingLength } from './cbc.ts';
import { decodeCounter, encodeCounter } from './command-packet.ts';
import type { Kic, Kid } from './key-identifier.ts';
import type { Spi } from './spi.ts';
import { POR_STATUS, porStatusOf, type PorStatus } from './status.ts';
import {
  applyCipher,
  canChecksum,
  canCipher,
  checksumLength,
  cipherBlockSize,
  computeChecksum,
  type OtaKeys,
} from './suites.ts';
import { checksumMatches, cipheredRegion } from './unwrap-steps.ts';

/** Octets from TAR to the status code: TAR 3, CNTR 5, PCNTR 1, status 1. */
export const RESPONSE_HEADER_FIXED = 10;

/**
 * The transport octets the RC/CC/DS of an SMS response packet also covers: UDHL 02, IEI 71
 * (RPI), IEDL 00 (TS 31.115 §4.3; cross-checked with PoRs from real cards in pySim's tests).
 */
export const SMS_RESPONSE_COVERED_HEADER = Uint8Array.of(0x02, 0x71, 0x00);

/** Security the response follows: the command's SPI (PoR bits), KIc and KID. */
export interface ResponseSecurity {
  readonly spi: Spi;
  readonly kic: Kic;
  readonly kid: Kid;
}

/** The fields of a response packet. */
export interface ResponsePacketParams {
  readonly tar: Uint8Array;
  /** A copy of the command's CNTR. */
  readonly counter: number;
  readonly status: PorStatus;
  /** Additional response data, e.g. the TS 102 226 response to the commands. */
  readonly data: Uint8Array;
}

/** A response packet that verified, with its padding count. */
export interface ResponsePacket extends ResponsePacketParams {
  readonly paddingCount: number;
}

/** The outcome of unwrapping a response: verified fields, or why they cannot be trusted. */
export type ResponseUnwrap =
  | ({ readonly verified: true } & ResponsePacket)
  | {
      readonly verified: false;
      readonly problem: 'checksum-failed' | 'ciphering-error' | 'unidentified-security-error';
    };

/** Builds the response packet bytes, RPL first. Throws RangeError for missing or unsuitable keys. */
export function wrapResponsePacket(
  params: ResponsePacketParams,
  security: ResponseSecurity,
  keys: OtaKeys,
  engine: BlockCipherEngine,
  coveredHeader: Uint8Array = SMS_RESPONSE_COVERED_HEADER,
): Uint8Array {
  const { spi, kic, kid } = security;
  const csLength = checksumLength(spi.porChecksum, kid);
  if (csLength === undefined || !canChecksum(spi.porChecksum, kid, keys.kid)) {
    throw new RangeError(`cannot compute a ${spi.porChecksum} with KID ${kid.suite} and this key`);
  }
  if (spi.porCiphering && !canCipher(kic, keys.kic)) {
    throw new RangeError(`cannot cipher with KIc ${kic.suite} and this key`);
  }
  if (params.tar.length !== 3) throw new RangeError(`TAR is 3 octets, got ${params.tar.length}`);
  const plainLength = 7 + csLength + params.data.length;
  const padding = spi.porCiphering ? paddingLength(plainLength, cipherBlockSize(kic)) : 0;
  const rhl = RESPONSE_HEADER_FIXED + csLength;
  const rpl = 1 + rhl + params.data.length + padding;
  if (rpl > 0xffff) throw new RangeError(`response packet of ${rpl} octets exceeds RPL`);
  const clear = new ByteWriter().u16(rpl).u8(rhl).bytes(params.tar).finish();
  const fields = new ByteWriter()
    .bytes(encodeCounter(params.counter))
    .u8(padding)
    .u8(POR_STATUS[params.status])
    .finish();
  const padded = concatBytes(params.data, new Uint8Array(padding));
  const covered = concatBytes(coveredHeader, clear, fields, padded);
  const checksum = computeChecksum(engine, spi.porChecksum, kid, keys.kid, covered);
  const secured = concatBytes(fields, checksum, padded);
  return concatBytes(
    clear,
    spi.porCiphering ? applyCipher(engine, kic, keys.kic!, secured, false) : secured,
  );
}

/**
 * Reads and verifies a response packet against the security of the command it answers.
 * Malformed bytes throw DecodeError (OTA_*); a failed check is a `verified: false` outcome.
 */
export function unwrapResponsePacket(
  bytes: Uint8Array,
  security: ResponseSecurity,
  keys: OtaKeys,
  engine: BlockCipherEngine,
  coveredHeader: Uint8Array = SMS_RESPONSE_COVERED_HEADER,
): ResponseUnwrap {
  const { spi, kic, kid } = security;
  const frame = readResponseFrame(bytes, spi, kid);
  if (spi.porCiphering && !canCipher(kic, keys.kic))
    return { verified: false, problem: 'ciphering-error' };
  if (!canChecksum(spi.porChecksum, kid, keys.kid)) {
    return { verified: false, problem: 'unidentified-security-error' };
  }
  const region = cipheredRegion(frame.secured, spi.porCiphering, (data) =>
    applyCipher(engine, kic, keys.kic!, data, true),
  );
  if (region === undefined) return { verified: false, problem: 'ciphering-error' };
  const reader = new ByteReader(region.plain, 'OTA', 6);
  const fields = reader.take(7);
  const checksum = reader.take(frame.checksumLength);
  const padded = reader.rest();
  const paddingCount = fields[5]!;
  const status = porStatusOf(fields[6]!);
  if (paddingCount > padded.length || status === undefined) {
    if (region.ciphered) return { verified: false, problem: 'ciphering-error' };
    if (status === undefined)
      throw new DecodeError('OTA_BAD_STATUS', 12, `reserved status ${fields[6]}`);
    throw new DecodeError('OTA_BAD_PCNTR', 11, `PCNTR ${paddingCount} exceeds the data`);
  }
  const covered = concatBytes(coveredHeader, frame.clear, fields, padded);
  if (!checksumMatches(engine, security, keys.kid, covered, checksum, spi.porChecksum)) {
    return { verified: false, problem: 'checksum-failed' };
  }
  const data = padded.slice(0, padded.length - paddingCount);
  return {
    verified: true,
    tar: frame.tar,
    counter: decodeCounter(fields),
    status,
    data,
    paddingCount,
  };
}

interface ResponseFrame {
  readonly tar: Uint8Array;
  readonly clear: Uint8Array;
  readonly checksumLength: number;
  readonly secured: Uint8Array;
}

function readResponseFrame(bytes: Uint8Array, spi: Spi, kid: Kid): ResponseFrame {
  if (bytes.length > 2 + 0xffff) {
    throw new DecodeError('OTA_TOO_LONG', 2 + 0xffff, 'longer than RPL can describe');
  }
  const reader = new ByteReader(bytes, 'OTA');
  const rpl = reader.u16();
  if (rpl !== reader.remaining)
    reader.fail('LENGTH_MISMATCH', `RPL ${rpl} but ${reader.remaining} octet(s) follow`);
  const rhl = reader.u8();
  if (rhl < RESPONSE_HEADER_FIXED)
    reader.fail('BAD_RHL', `RHL ${rhl} is below ${RESPONSE_HEADER_FIXED}`);
  if (rhl > reader.remaining) reader.fail('TRUNCATED', `RHL ${rhl} exceeds the packet`);
  const expected = checksumLength(spi.porChecksum, kid);
  if (expected !== undefined && expected !== rhl - RESPONSE_HEADER_FIXED) {
    reader.fail(
      'BAD_RHL',
      `RHL ${rhl} does not fit a PoR ${spi.porChecksum} of ${expected} octet(s)`,
    );
  }
  const tar = reader.take(3);
  return {
    tar,
    clear: bytes.slice(0, 6),
    checksumLength: rhl - RESPONSE_HEADER_FIXED,
    secured: reader.rest(),
  };
}
