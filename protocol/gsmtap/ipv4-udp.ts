// A minimal IPv4 (RFC 791 §3.1) + UDP (RFC 768) datagram around a GSMTAP packet, for pcap files with
// LINKTYPE_RAW. The IPv4 header checksum is computed; the UDP checksum may be 0 ("not computed").
import { ByteReader, ByteWriter } from '../bytes/index.ts';

/** IP protocol number of UDP. */
export const IP_PROTOCOL_UDP = 17;
const IPV4_HEADER_BYTES = 20;
const UDP_HEADER_BYTES = 8;
/** Largest UDP payload one unfragmented IPv4 datagram can carry. */
export const MAX_UDP_PAYLOAD = 0xffff - IPV4_HEADER_BYTES - UDP_HEADER_BYTES;

/** A UDP datagram over IPv4. Addresses are 4 bytes in network order. */
export interface UdpDatagram {
  readonly source: Uint8Array;
  readonly destination: Uint8Array;
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly payload: Uint8Array;
}

/** 127.0.0.1, the address simpay writes on both sides of its traces. */
export const LOOPBACK = Uint8Array.of(127, 0, 0, 1);

/** Encodes an IPv4 header without options (TTL 64, DF set, id 0) followed by UDP with checksum 0. */
export function encodeIpv4Udp(d: UdpDatagram): Uint8Array {
  if (d.payload.length > MAX_UDP_PAYLOAD) {
    throw new RangeError(`UDP payload of ${d.payload.length} bytes exceeds ${MAX_UDP_PAYLOAD}`);
  }
  checkAddress(d.source);
  checkAddress(d.destination);
  const udpLength = UDP_HEADER_BYTES + d.payload.length;
  const ip = new ByteWriter(IPV4_HEADER_BYTES)
    .u8(0x45)
    .u8(0)
    .u16(IPV4_HEADER_BYTES + udpLength)
    .u16(0)
    .u16(0x4000)
    .u8(64)
    .u8(IP_PROTOCOL_UDP)
    .u16(0)
    .bytes(d.source)
    .bytes(d.destination)
    .finish();
  const checksum = internetChecksum(ip);
  ip[10] = checksum >> 8;
  ip[11] = checksum & 0xff;
  return new ByteWriter(IPV4_HEADER_BYTES + udpLength)
    .bytes(ip)
    .u16(d.sourcePort)
    .u16(d.destinationPort)
    .u16(udpLength)
    .u16(0)
    .bytes(d.payload)
    .finish();
}

/**
 * Decodes one IPv4 datagram carrying UDP. Checks version, header checksum, lengths (no trailing
 * bytes), that it is not a fragment, and the UDP checksum when it is not 0. Options are skipped.
 */
export function decodeIpv4Udp(bytes: Uint8Array): UdpDatagram {
  const r = new ByteReader(bytes, 'IPV4');
  const versionIhl = r.u8();
  if (versionIhl >> 4 !== 4) r.fail('BAD_VERSION', `IP version ${versionIhl >> 4}, expected 4`);
  const headerBytes = (versionIhl & 0x0f) * 4;
  if (headerBytes < IPV4_HEADER_BYTES) r.fail('BAD_HEADER_LENGTH', `IHL ${headerBytes / 4} < 5`);
  r.u8();
  const totalLength = r.u16();
  if (totalLength !== bytes.length) {
    r.fail('BAD_TOTAL_LENGTH', `total length ${totalLength}, datagram has ${bytes.length} bytes`);
  }
  r.u16();
  if ((r.u16() & 0x3fff) !== 0) r.fail('FRAGMENT', 'fragmented datagrams are not reassembled');
  r.u8();
  const protocol = r.u8();
  r.u16();
  const source = r.take(4);
  const destination = r.take(4);
  r.take(headerBytes - IPV4_HEADER_BYTES);
  if (internetChecksum(bytes.subarray(0, headerBytes)) !== 0) {
    r.fail('BAD_CHECKSUM', 'IPv4 header checksum does not match');
  }
  if (protocol !== IP_PROTOCOL_UDP) r.fail('NOT_UDP', `IP protocol ${protocol}, expected 17`);
  return decodeUdp(r, source, destination);
}

function decodeUdp(r: ByteReader, source: Uint8Array, destination: Uint8Array): UdpDatagram {
  const udpStart = r.offset;
  const sourcePort = r.u16();
  const destinationPort = r.u16();
  const udpLength = r.u16();
  const checksum = r.u16();
  if (udpLength !== UDP_HEADER_BYTES + r.remaining) {
    r.fail(
      'BAD_UDP_LENGTH',
      `UDP length ${udpLength}, datagram has ${UDP_HEADER_BYTES + r.remaining}`,
    );
  }
  const payload = r.rest();
  if (checksum !== 0) {
    const udp = r.bytes.subarray(udpStart);
    if (udpChecksumOf(source, destination, udp) !== 0) {
      r.fail('BAD_UDP_CHECKSUM', 'UDP checksum does not match');
    }
  }
  return { source, destination, sourcePort, destinationPort, payload };
}

/** RFC 1071 Internet checksum: one's complement of the one's complement sum of 16-bit words. */
export function internetChecksum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i < bytes.length; i += 2) {
    sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return ~sum & 0xffff;
}

/** RFC 768 checksum over the pseudo-header and the whole UDP segment (0 when it verifies). */
export function udpChecksumOf(
  source: Uint8Array,
  destination: Uint8Array,
  udp: Uint8Array,
): number {
  const pseudo = new ByteWriter(12)
    .bytes(source)
    .bytes(destination)
    .u8(0)
    .u8(IP_PROTOCOL_UDP)
    .u16(udp.length)
    .finish();
  const partial = ~internetChecksum(pseudo) & 0xffff;
  return internetChecksum(udp, partial);
}

function checkAddress(address: Uint8Array): void {
  if (address.length !== 4) throw new RangeError(`IPv4 address of ${address.length} bytes`);
}
