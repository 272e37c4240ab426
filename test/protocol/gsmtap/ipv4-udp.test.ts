// RFC 791 §3.1 IPv4 header, RFC 768 UDP, RFC 1071 checksum.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  LOOPBACK,
  decodeIpv4Udp,
  encodeIpv4Udp,
  internetChecksum,
  udpChecksumOf,
} from '../../../protocol/gsmtap/index.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const gsmtap = fromHex('0204040000000000000000000000000000a40004023f00612f');

function datagram(payload = gsmtap) {
  return encodeIpv4Udp({
    source: LOOPBACK,
    destination: Uint8Array.of(192, 168, 0, 199),
    sourcePort: 4729,
    destinationPort: 4729,
    payload,
  });
}

describe('Internet checksum (RFC 1071)', () => {
  it('matches the worked example of RFC 1071 §3', () => {
    expect(internetChecksum(fromHex('0001f203f4f5f6f7'))).toBe(0x220d);
  });

  it('gives b861 for the textbook header 4500 0073 … c0a8 00c7', () => {
    const header = fromHex('450000730000400040110000c0a80001c0a800c7');
    expect(internetChecksum(header).toString(16)).toBe('b861');
    header[10] = 0xb8;
    header[11] = 0x61;
    expect(internetChecksum(header)).toBe(0);
  });
});

describe('IPv4 + UDP datagram', () => {
  // Header sum by hand: 4500+0035+4000+4011+7f00+0001+c0a8+00c7 = 05b8 (folded), checksum fa47.
  it('encodes a 20-byte header, 8-byte UDP header with checksum 0, and the payload', () => {
    const bytes = datagram();
    expect(toHex(bytes.subarray(0, 20))).toBe('45000035000040004011' + 'fa47' + '7f000001c0a800c7');
    expect(internetChecksum(bytes.subarray(0, 20))).toBe(0);
    expect(toHex(bytes.subarray(20, 28))).toBe('127912790021' + '0000');
    expect(toHex(bytes.subarray(28))).toBe(toHex(gsmtap));
  });

  it('round-trips', () => {
    const d = decodeIpv4Udp(datagram());
    expect(toHex(d.source)).toBe('7f000001');
    expect(toHex(d.destination)).toBe('c0a800c7');
    expect([d.sourcePort, d.destinationPort]).toEqual([4729, 4729]);
    expect(toHex(d.payload)).toBe(toHex(gsmtap));
  });

  it('verifies a non-zero UDP checksum', () => {
    const bytes = datagram();
    const sum = udpChecksumOf(bytes.subarray(12, 16), bytes.subarray(16, 20), bytes.subarray(20));
    bytes[26] = sum >> 8;
    bytes[27] = sum & 0xff;
    expect(toHex(decodeIpv4Udp(bytes).payload)).toBe(toHex(gsmtap));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    expect(() => decodeIpv4Udp(bytes)).toThrow(
      expect.objectContaining({ code: 'IPV4_BAD_UDP_CHECKSUM' }),
    );
  });

  it('skips IPv4 options', () => {
    const plain = datagram();
    const withOptions = new Uint8Array(plain.length + 4);
    withOptions.set(plain.subarray(0, 20));
    withOptions.set(Uint8Array.of(1, 1, 1, 0), 20);
    withOptions.set(plain.subarray(20), 24);
    withOptions[0] = 0x46;
    withOptions[3] = withOptions.length;
    withOptions[10] = 0;
    withOptions[11] = 0;
    const sum = internetChecksum(withOptions.subarray(0, 24));
    withOptions[10] = sum >> 8;
    withOptions[11] = sum & 0xff;
    expect(toHex(decodeIpv4Udp(withOptions).payload)).toBe(toHex(gsmtap));
  });

  const corruptions: [string, (b: Uint8Array) => void][] = [
    ['IPV4_BAD_VERSION', (b) => (b[0] = 0x65)],
    ['IPV4_BAD_HEADER_LENGTH', (b) => (b[0] = 0x44)],
    ['IPV4_BAD_TOTAL_LENGTH', (b) => (b[3] = b[3]! + 1)],
    ['IPV4_FRAGMENT', (b) => (b[6] = 0x20)],
    ['IPV4_BAD_CHECKSUM', (b) => (b[8] = 1)],
    ['IPV4_BAD_UDP_LENGTH', (b) => (b[25] = b[25]! + 1)],
  ];
  it.each(corruptions)('rejects %s', (code, corrupt) => {
    const bytes = datagram();
    corrupt(bytes);
    expect(() => decodeIpv4Udp(bytes)).toThrow(expect.objectContaining({ code }));
  });

  it('rejects a datagram that is not UDP', () => {
    const bytes = datagram();
    bytes[9] = 6;
    bytes[10] = 0;
    bytes[11] = 0;
    const sum = internetChecksum(bytes.subarray(0, 20));
    bytes[10] = sum >> 8;
    bytes[11] = sum & 0xff;
    expect(() => decodeIpv4Udp(bytes)).toThrow(expect.objectContaining({ code: 'IPV4_NOT_UDP' }));
  });

  it('rejects every truncation', () => {
    expectEveryTruncationRejected(datagram(), decodeIpv4Udp);
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder(decodeIpv4Udp, { maxLength: 80 });
    const valid = datagram();
    fuzzDecoder((tail) => decodeIpv4Udp(Uint8Array.from([...valid.subarray(0, 20), ...tail])), {
      maxLength: 60,
      numRuns: 500,
    });
  });
});
