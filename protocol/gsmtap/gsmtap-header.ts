// GSMTAP version 2 header (libosmocore include/osmocom/core/gsmtap.h): 16 bytes, big-endian,
// carried over UDP port 4729; type SIM (4) with the SIM sub-types used by SIMtrace2 and osmo-remsim.
import { ByteReader, ByteWriter } from '../bytes/index.ts';

/** GSMTAP header version this codec speaks. */
export const GSMTAP_VERSION = 2;
/** Header length in 32-bit words for version 2 (16 bytes). */
export const GSMTAP_HDR_WORDS = 4;
/** Header length in bytes for version 2. */
export const GSMTAP_HDR_BYTES = GSMTAP_HDR_WORDS * 4;
/** IANA-registered UDP port of GSMTAP. */
export const GSMTAP_UDP_PORT = 4729;
/** `GSMTAP_TYPE_SIM`: ISO 7816 smart-card traffic. */
export const GSMTAP_TYPE_SIM = 0x04;

/** `GSMTAP_SIM_*` sub-types of type SIM. Only APDU and ATR carry whole exchanges. */
export const GsmtapSimSubType = {
  /** Whole command-response pair in TPDU form: header, command data, response data, SW1 SW2. */
  APDU: 0x00,
  /** Answer to reset, marking a card reset. */
  ATR: 0x01,
  PPS_REQ: 0x02,
  PPS_RSP: 0x03,
  TPDU_HDR: 0x04,
  TPDU_CMD: 0x05,
  TPDU_RSP: 0x06,
  TPDU_SW: 0x07,
} as const;

/** A GSMTAP v2 header. Producers of SIM traces set only type and subType; the rest stays zero. */
export interface GsmtapHeader {
  readonly type: number;
  readonly timeslot: number;
  readonly arfcn: number;
  /** Signed dBm (-128..127). */
  readonly signalDbm: number;
  /** Signed dB (-128..127). */
  readonly snrDb: number;
  readonly frameNumber: number;
  readonly subType: number;
  readonly antenna: number;
  readonly subSlot: number;
}

/** A decoded GSMTAP packet: the header and what follows it. */
export interface GsmtapPacket {
  readonly header: GsmtapHeader;
  readonly payload: Uint8Array;
}

/** The header SIM trace producers write: everything zero except type SIM and the sub-type. */
export function simGsmtapHeader(subType: number): GsmtapHeader {
  return {
    type: GSMTAP_TYPE_SIM,
    timeslot: 0,
    arfcn: 0,
    signalDbm: 0,
    snrDb: 0,
    frameNumber: 0,
    subType,
    antenna: 0,
    subSlot: 0,
  };
}

/** Encodes the 16-byte version 2 header. Throws RangeError for fields out of range. */
export function encodeGsmtapHeader(h: GsmtapHeader): Uint8Array {
  return new ByteWriter(GSMTAP_HDR_BYTES)
    .u8(GSMTAP_VERSION)
    .u8(GSMTAP_HDR_WORDS)
    .u8(h.type)
    .u8(h.timeslot)
    .u16(h.arfcn)
    .u8(signedToByte(h.signalDbm))
    .u8(signedToByte(h.snrDb))
    .u32(h.frameNumber)
    .u8(h.subType)
    .u8(h.antenna)
    .u8(h.subSlot)
    .u8(0)
    .finish();
}

/** Decodes exactly one 16-byte version 2 header; rejects other versions, lengths and trailing bytes. */
export function decodeGsmtapHeader(bytes: Uint8Array): GsmtapHeader {
  const r = new ByteReader(bytes, 'GSMTAP');
  const header = readHeader(r);
  r.expectEnd('GSMTAP header');
  return header;
}

/** Encodes header and payload as one UDP payload. */
export function encodeGsmtapPacket(packet: GsmtapPacket): Uint8Array {
  return new ByteWriter(GSMTAP_HDR_BYTES + packet.payload.length)
    .bytes(encodeGsmtapHeader(packet.header))
    .bytes(packet.payload)
    .finish();
}

/** Splits a UDP payload into header and payload. */
export function decodeGsmtapPacket(bytes: Uint8Array): GsmtapPacket {
  const r = new ByteReader(bytes, 'GSMTAP');
  const header = readHeader(r);
  return { header, payload: r.rest() };
}

function readHeader(r: ByteReader): GsmtapHeader {
  const version = r.u8();
  if (version !== GSMTAP_VERSION) r.fail('BAD_VERSION', `version ${version}, expected 2`);
  const words = r.u8();
  if (words !== GSMTAP_HDR_WORDS) r.fail('BAD_HDR_LEN', `header length ${words} words, expected 4`);
  const type = r.u8();
  const timeslot = r.u8();
  const arfcn = r.u16();
  const signalDbm = byteToSigned(r.u8());
  const snrDb = byteToSigned(r.u8());
  const frameNumber = r.u32();
  const subType = r.u8();
  const antenna = r.u8();
  const subSlot = r.u8();
  r.u8();
  return { type, timeslot, arfcn, signalDbm, snrDb, frameNumber, subType, antenna, subSlot };
}

function signedToByte(value: number): number {
  if (!Number.isInteger(value) || value < -128 || value > 127) {
    throw new RangeError(`${value} is not a signed byte`);
  }
  return value & 0xff;
}

function byteToSigned(byte: number): number {
  return byte >= 0x80 ? byte - 0x100 : byte;
}
