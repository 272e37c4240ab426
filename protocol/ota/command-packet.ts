// ETSI TS 102 225 §5.1 command packet as carried in SMS (3GPP TS 31.115 §4.2: CPI in the UDH, CHI
// empty): CPL CHL SPI KIc KID TAR | CNTR PCNTR RC/CC/DS secured-data padding, the part after TAR
// ciphered when the SPI says so; the RC/CC/DS covers CPL to PCNTR and the data with its padding.
import { ByteReader, ByteWriter, DecodeError, concatBytes } from '../bytes/index.ts';
import { type BlockCipherEngine } from './block-cipher.ts';
import { paddingLength } from './cbc.ts';
import { checkCounter, MAX_COUNTER } from './counter-check.ts';
import { decodeKic, decodeKid, encodeKeyIdentifier, type Kic, type Kid } from './key-identifier.ts';
import { decodeSpi, encodeSpi, type Spi } from './spi.ts';
import type { PorStatus } from './status.ts';
import {
  applyCipher,
  canChecksum,
  canCipher,
  checksumLength,
  cipherBlockSize,
  computeChecksum,
  type OtaKeys,
} from './suites.ts';
import {
  checksumMatches,
  cipheredRegion,
  securityMet,
  type SecurityRequirement,
} from './unwrap-steps.ts';

/** Octets from SPI to PCNTR: SPI 2, KIc 1, KID 1, TAR 3, CNTR 5, PCNTR 1. */
export const COMMAND_HEADER_FIXED = 13;
/** CPL is two octets: no command packet is longer than 2 + 65535 octets. */
export const MAX_COMMAND_PACKET = 2 + 0xffff;

/** The clear-text part of a command header (TS 102 225 §5.1.1). */
export interface CommandHeader {
  readonly spi: Spi;
  readonly kic: Kic;
  readonly kid: Kid;
  /** Toolkit Application Reference, 3 octets. */
  readonly tar: Uint8Array;
}

/** What a sending entity puts into a command packet. */
export interface CommandPacketParams extends CommandHeader {
  /** CNTR, 0 to 2^40 - 1. */
  readonly counter: number;
  readonly data: Uint8Array;
}

/** What the receiving entity knows about a TAR: keys, its counter, its minimum security level. */
export interface TarContext {
  readonly keys: OtaKeys;
  /** The counter stored for this key set (TS 102 225 §5.1.1, "CNTR"). */
  readonly counter: number;
  readonly requirement?: SecurityRequirement;
  /** Secured data longer than this is refused with status 07 (insufficient memory). */
  readonly maxDataLength?: number;
}

/** Finds the context of a TAR (and key versions); undefined gives status 09 TAR unknown. */
export type TarLookup = (header: CommandHeader) => TarContext | undefined;

/** The outcome of unwrapping: the data, or the status code the PoR carries. */
export type CommandUnwrap =
  | {
      readonly status: 'ok';
      readonly header: CommandHeader;
      readonly counter: number;
      readonly paddingCount: number;
      readonly data: Uint8Array;
      /** The counter value to store now that the packet is accepted. */
      readonly nextCounter: number;
    }
  | {
      readonly status: Exclude<PorStatus, 'ok'>;
      readonly header: CommandHeader;
      /** The received CNTR when it could be read (for the PoR). */
      readonly counter?: number;
    };

/** Builds the command packet bytes, CPL first. Throws RangeError for missing or unsuitable keys. */
export function wrapCommandPacket(
  params: CommandPacketParams,
  keys: OtaKeys,
  engine: BlockCipherEngine,
): Uint8Array {
  const { spi, kic, kid } = params;
  const csLength = checksumLength(spi.checksum, kid);
  checkWrapInput(params, keys, csLength);
  const checksumSize = csLength ?? 0;
  const padding = spi.ciphering
    ? paddingLength(6 + checksumSize + params.data.length, cipherBlockSize(kic))
    : 0;
  const chl = COMMAND_HEADER_FIXED + checksumSize;
  const cpl = 1 + chl + params.data.length + padding;
  if (cpl > 0xffff) throw new RangeError(`command packet of ${cpl} octets exceeds CPL`);
  const clear = new ByteWriter().u16(cpl).u8(chl).bytes(encodeHeaderFields(params)).finish();
  const counterFields = new ByteWriter().bytes(encodeCounter(params.counter)).u8(padding).finish();
  const paddedData = concatBytes(params.data, new Uint8Array(padding));
  const checksum = computeChecksum(
    engine,
    spi.checksum,
    kid,
    keys.kid,
    concatBytes(clear, counterFields, paddedData),
  );
  const secured = concatBytes(counterFields, checksum, paddedData);
  const body = spi.ciphering ? applyCipher(engine, kic, keys.kic!, secured, false) : secured;
  return concatBytes(clear, body);
}

/**
 * Reads and verifies a command packet. Malformed bytes throw DecodeError (code OTA_*); security
 * failures come back as the TS 102 225 status code they call for.
 */
export function unwrapCommandPacket(
  bytes: Uint8Array,
  lookup: TarLookup,
  engine: BlockCipherEngine,
): CommandUnwrap {
  const frame = readFrame(bytes);
  const { header } = frame;
  const context = lookup(header);
  if (context === undefined) return { status: 'tar-unknown', header };
  if (!securityMet(header.spi, context.requirement)) {
    return { status: 'insufficient-security-level', header };
  }
  const { spi, kic, kid } = header;
  if (spi.ciphering && !canCipher(kic, context.keys.kic))
    return { status: 'ciphering-error', header };
  if (!canChecksum(spi.checksum, kid, context.keys.kid)) {
    return { status: 'unidentified-security-error', header };
  }
  const region = cipheredRegion(frame.secured, spi.ciphering, (data) =>
    applyCipher(engine, kic, context.keys.kic!, data, true),
  );
  if (region === undefined) return { status: 'ciphering-error', header };
  return verifySecured(frame, region, context, engine);
}

interface Frame {
  readonly header: CommandHeader;
  /** CPL, CHL and the header fields up to TAR, as received. */
  readonly clear: Uint8Array;
  readonly checksumLength: number;
  /** Everything after TAR, as received (ciphered or not). */
  readonly secured: Uint8Array;
}

function readFrame(bytes: Uint8Array): Frame {
  if (bytes.length > MAX_COMMAND_PACKET) {
    throw new DecodeError('OTA_TOO_LONG', MAX_COMMAND_PACKET, 'longer than CPL can describe');
  }
  const reader = new ByteReader(bytes, 'OTA');
  const cpl = reader.u16();
  if (cpl !== reader.remaining)
    reader.fail('LENGTH_MISMATCH', `CPL ${cpl} but ${reader.remaining} octet(s) follow`);
  const chl = reader.u8();
  if (chl < COMMAND_HEADER_FIXED)
    reader.fail('BAD_CHL', `CHL ${chl} is below ${COMMAND_HEADER_FIXED}`);
  if (chl > reader.remaining) reader.fail('TRUNCATED', `CHL ${chl} exceeds the packet`);
  const spi = decodeSpi(reader.take(2), reader.offset - 2);
  const kic = decodeKic(reader.u8());
  const kid = decodeKid(reader.u8(), spi.checksum === 'rc');
  const tar = reader.take(3);
  const csLength = chl - COMMAND_HEADER_FIXED;
  const expected = checksumLength(spi.checksum, kid);
  if (expected !== undefined && expected !== csLength) {
    reader.fail('BAD_CHL', `CHL ${chl} does not fit a ${spi.checksum} of ${expected} octet(s)`);
  }
  const clear = bytes.slice(0, 2 + 1 + 7);
  return {
    header: { spi, kic, kid, tar },
    clear,
    checksumLength: csLength,
    secured: reader.rest(),
  };
}

function verifySecured(
  frame: Frame,
  region: { readonly plain: Uint8Array; readonly ciphered: boolean },
  context: TarContext,
  engine: BlockCipherEngine,
): CommandUnwrap {
  const { header } = frame;
  const reader = new ByteReader(region.plain, 'OTA', 10);
  const counterFields = reader.take(6);
  const counter = decodeCounter(counterFields);
  const paddingCount = counterFields[5]!;
  const checksum = reader.take(frame.checksumLength);
  const padded = reader.rest();
  if (paddingCount > padded.length) {
    if (region.ciphered) return { status: 'ciphering-error', header };
    reader.fail('BAD_PCNTR', `PCNTR ${paddingCount} exceeds the ${padded.length} data octet(s)`);
  }
  const covered = concatBytes(frame.clear, counterFields, padded);
  if (!checksumMatches(engine, header, context.keys.kid, covered, checksum)) {
    return { status: 'checksum-failed', header, counter };
  }
  const decision = checkCounter(header.spi.counter, counter, context.counter);
  if (!decision.accept) return { status: decision.status, header, counter };
  const data = padded.slice(0, padded.length - paddingCount);
  if (context.maxDataLength !== undefined && data.length > context.maxDataLength) {
    return { status: 'insufficient-memory', header, counter };
  }
  return { status: 'ok', header, counter, paddingCount, data, nextCounter: decision.next };
}

function checkWrapInput(
  params: CommandPacketParams,
  keys: OtaKeys,
  csLength: number | undefined,
): void {
  const { spi, kic, kid } = params;
  if (csLength === undefined || !canChecksum(spi.checksum, kid, keys.kid)) {
    throw new RangeError(`cannot compute a ${spi.checksum} with KID ${kid.suite} and this key`);
  }
  if (spi.ciphering && !canCipher(kic, keys.kic)) {
    throw new RangeError(`cannot cipher with KIc ${kic.suite} and this key`);
  }
  if (params.tar.length !== 3) throw new RangeError(`TAR is 3 octets, got ${params.tar.length}`);
}

function encodeHeaderFields(header: CommandHeader): Uint8Array {
  return new ByteWriter()
    .bytes(encodeSpi(header.spi))
    .u8(encodeKeyIdentifier(header.kic))
    .u8(encodeKeyIdentifier(header.kid))
    .bytes(header.tar)
    .finish();
}

/** CNTR as 5 octets, most significant first. */
export function encodeCounter(counter: number): Uint8Array {
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new RangeError(`CNTR must be 0 to ${MAX_COUNTER}, got ${counter}`);
  }
  const out = new Uint8Array(5);
  let value = counter;
  for (let i = 4; i >= 0; i--) {
    out[i] = value % 256;
    value = Math.floor(value / 256);
  }
  return out;
}

/** The CNTR in the first 5 octets of `bytes`. */
export function decodeCounter(bytes: Uint8Array): number {
  let value = 0;
  for (let i = 0; i < 5; i++) value = value * 256 + bytes[i]!;
  return value;
}
