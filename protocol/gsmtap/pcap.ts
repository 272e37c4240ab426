// The classic libpcap file format (draft-ietf-opsawg-pcap §4-§5): a 24-byte file header and
// 16-byte record headers, in either byte order, with micro- or nanosecond timestamps.
import { DecodeError } from '../bytes/index.ts';

/** Magic of microsecond files, as a big-endian u32. */
export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
/** Magic of nanosecond files, as a big-endian u32. */
export const PCAP_MAGIC_NANO = 0xa1b23c4d;
export const PCAP_FILE_HEADER_BYTES = 24;
export const PCAP_RECORD_HEADER_BYTES = 16;
/** Default and largest snap length simpay writes and accepts (Wireshark's standard maximum). */
export const PCAP_DEFAULT_SNAPLEN = 262144;

/** LINKTYPE_* values (tcpdump.org link-layer header types) relevant to GSMTAP traces. */
export const LinkType = { ETHERNET: 1, RAW: 101, IPV4: 228 } as const;

/** The file header. `snapLen` bounds every record's captured length. */
export interface PcapHeader {
  readonly byteOrder: 'big' | 'little';
  readonly precision: 'micro' | 'nano';
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly thisZone: number;
  readonly sigFigs: number;
  readonly snapLen: number;
  readonly linkType: number;
}

/** One packet record. `fraction` is micro- or nanoseconds, as the file header's precision says. */
export interface PcapRecord {
  readonly seconds: number;
  readonly fraction: number;
  readonly originalLength: number;
  readonly data: Uint8Array;
}

/** The header simpay writes: little-endian, microseconds, version 2.4, the default snap length. */
export function pcapHeader(linkType: number, snapLen = PCAP_DEFAULT_SNAPLEN): PcapHeader {
  return {
    byteOrder: 'little',
    precision: 'micro',
    versionMajor: 2,
    versionMinor: 4,
    thisZone: 0,
    sigFigs: 0,
    snapLen,
    linkType,
  };
}

/** Encodes the 24-byte file header. */
export function encodePcapHeader(h: PcapHeader): Uint8Array {
  const out = new Uint8Array(PCAP_FILE_HEADER_BYTES);
  const view = new DataView(out.buffer);
  const le = h.byteOrder === 'little';
  view.setUint32(0, h.precision === 'nano' ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO, le);
  view.setUint16(4, checked(h.versionMajor, 0xffff), le);
  view.setUint16(6, checked(h.versionMinor, 0xffff), le);
  view.setInt32(8, h.thisZone, le);
  view.setUint32(12, checked(h.sigFigs, 0xffffffff), le);
  view.setUint32(16, checked(h.snapLen, 0xffffffff), le);
  view.setUint32(20, checked(h.linkType, 0xffffffff), le);
  return out;
}

/** Encodes one record (header and data) in the byte order and precision of `h`. */
export function encodePcapRecord(h: PcapHeader, record: PcapRecord): Uint8Array {
  const { data } = record;
  if (data.length > h.snapLen) {
    throw new RangeError(`record of ${data.length} bytes exceeds the snap length ${h.snapLen}`);
  }
  if (record.originalLength < data.length) throw new RangeError('original length < captured');
  checked(record.fraction, fractionLimit(h) - 1);
  const out = new Uint8Array(PCAP_RECORD_HEADER_BYTES + data.length);
  const view = new DataView(out.buffer);
  const le = h.byteOrder === 'little';
  view.setUint32(0, checked(record.seconds, 0xffffffff), le);
  view.setUint32(4, record.fraction, le);
  view.setUint32(8, data.length, le);
  view.setUint32(12, checked(record.originalLength, 0xffffffff), le);
  out.set(data, PCAP_RECORD_HEADER_BYTES);
  return out;
}

/** Decodes exactly one 24-byte file header. `offset` places errors within a larger stream. */
export function decodePcapHeader(bytes: Uint8Array, offset = 0): PcapHeader {
  if (bytes.length < PCAP_FILE_HEADER_BYTES) {
    throw new DecodeError('PCAP_TRUNCATED', offset + bytes.length, 'file header needs 24 bytes');
  }
  if (bytes.length > PCAP_FILE_HEADER_BYTES) {
    throw new DecodeError('PCAP_TRAILING_BYTES', offset + 24, 'bytes after the file header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { byteOrder, precision } = magicOf(view.getUint32(0, false), offset);
  const le = byteOrder === 'little';
  const versionMajor = view.getUint16(4, le);
  const versionMinor = view.getUint16(6, le);
  if (versionMajor !== 2 || versionMinor > 4) {
    throw new DecodeError(
      'PCAP_BAD_VERSION',
      offset + 4,
      `version ${versionMajor}.${versionMinor}`,
    );
  }
  const snapLen = view.getUint32(16, le);
  if (snapLen === 0) throw new DecodeError('PCAP_BAD_SNAPLEN', offset + 16, 'snap length 0');
  return {
    byteOrder,
    precision,
    versionMajor,
    versionMinor,
    thisZone: view.getInt32(8, le),
    sigFigs: view.getUint32(12, le),
    snapLen,
    linkType: view.getUint32(20, le),
  };
}

/** Decodes a 16-byte record header: the timestamp, captured and original lengths. */
export function decodePcapRecordHeader(
  h: PcapHeader,
  bytes: Uint8Array,
  maxRecordBytes: number,
  offset = 0,
): { seconds: number; fraction: number; capturedLength: number; originalLength: number } {
  if (bytes.length < PCAP_RECORD_HEADER_BYTES) {
    throw new DecodeError('PCAP_TRUNCATED', offset + bytes.length, 'record header needs 16 bytes');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, PCAP_RECORD_HEADER_BYTES);
  const le = h.byteOrder === 'little';
  const seconds = view.getUint32(0, le);
  const fraction = view.getUint32(4, le);
  const capturedLength = view.getUint32(8, le);
  const originalLength = view.getUint32(12, le);
  if (fraction >= fractionLimit(h)) {
    throw new DecodeError('PCAP_BAD_TIMESTAMP', offset + 4, `fraction ${fraction} out of range`);
  }
  if (capturedLength > Math.min(h.snapLen, maxRecordBytes)) {
    throw new DecodeError(
      'PCAP_RECORD_TOO_LONG',
      offset + 8,
      `record of ${capturedLength} bytes exceeds the limit of ${Math.min(h.snapLen, maxRecordBytes)}`,
    );
  }
  if (capturedLength > originalLength) {
    throw new DecodeError('PCAP_BAD_LENGTH', offset + 8, 'captured length > original length');
  }
  return { seconds, fraction, capturedLength, originalLength };
}

/** 1e6 for microsecond files, 1e9 for nanosecond files. */
export function fractionLimit(h: PcapHeader): number {
  return h.precision === 'nano' ? 1_000_000_000 : 1_000_000;
}

function magicOf(magic: number, offset: number): Pick<PcapHeader, 'byteOrder' | 'precision'> {
  switch (magic) {
    case PCAP_MAGIC_MICRO:
      return { byteOrder: 'big', precision: 'micro' };
    case 0xd4c3b2a1:
      return { byteOrder: 'little', precision: 'micro' };
    case PCAP_MAGIC_NANO:
      return { byteOrder: 'big', precision: 'nano' };
    case 0x4d3cb2a1:
      return { byteOrder: 'little', precision: 'nano' };
    default:
      throw new DecodeError('PCAP_BAD_MAGIC', offset, `magic ${magic.toString(16)} is not pcap`);
  }
}

function checked(value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${value} is outside 0..${max}`);
  }
  return value;
}
