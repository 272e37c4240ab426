// Classic pcap (draft-ietf-opsawg-pcap §4 file header, §5 packet record): both byte orders,
// micro- and nanosecond magic, the incremental reader under every split of the stream.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  LinkType,
  PcapReader,
  decodePcap,
  decodePcapHeader,
  decodePcapRecordHeader,
  encodePcapHeader,
  encodePcapRecord,
  pcapHeader,
  type PcapHeader,
  type PcapRecord,
} from '../../../protocol/gsmtap/index.ts';
import {
  expectEveryTruncationDecodesOrRejects,
  expectOnlyDecodeError,
  fuzzDecoder,
} from '../../support/codec-checks.ts';

const records: PcapRecord[] = [
  { seconds: 1795000000, fraction: 1000, originalLength: 3, data: fromHex('010203') },
  { seconds: 1795000000, fraction: 2000, originalLength: 0, data: new Uint8Array(0) },
  { seconds: 1795000001, fraction: 999999, originalLength: 9, data: fromHex('0a0b0c0d') },
];

function file(h: PcapHeader, rs: readonly PcapRecord[] = records): Uint8Array {
  return concatBytes(encodePcapHeader(h), ...rs.map((r) => encodePcapRecord(h, r)));
}

const variants: [string, PcapHeader][] = [
  ['little-endian micro', pcapHeader(LinkType.RAW)],
  ['big-endian micro', { ...pcapHeader(LinkType.RAW), byteOrder: 'big' }],
  ['little-endian nano', { ...pcapHeader(LinkType.ETHERNET), precision: 'nano' }],
  ['big-endian nano', { ...pcapHeader(LinkType.IPV4), byteOrder: 'big', precision: 'nano' }],
];

describe('pcap file header and records', () => {
  it('writes the file header of §4 (magic, 2.4, zone, sigfigs, snaplen, LINKTYPE_RAW)', () => {
    expect(toHex(encodePcapHeader(pcapHeader(LinkType.RAW)))).toBe(
      'd4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '65000000',
    );
    expect(toHex(encodePcapHeader({ ...pcapHeader(101, 65535), byteOrder: 'big' }))).toBe(
      'a1b2c3d4' + '0002' + '0004' + '00000000' + '00000000' + '0000ffff' + '00000065',
    );
  });

  it('reads the nanosecond magic a1b23c4d in both byte orders', () => {
    const big = decodePcapHeader(fromHex('a1b23c4d00020004000000000000000000040000' + '00000001'));
    expect(big).toMatchObject({
      byteOrder: 'big',
      precision: 'nano',
      linkType: 1,
      snapLen: 262144,
    });
    const little = decodePcapHeader(
      fromHex('4d3cb2a102000400000000000000000000000400' + '65000000'),
    );
    expect(little).toMatchObject({ byteOrder: 'little', precision: 'nano', linkType: 101 });
  });

  it('writes a record header of §5 (seconds, fraction, captured and original length)', () => {
    const h = pcapHeader(LinkType.RAW);
    expect(toHex(encodePcapRecord(h, records[0]!))).toBe(
      'c086fd6a' + 'e8030000' + '03000000' + '03000000' + '010203',
    );
  });

  it.each(variants)('round-trips a %s file', (_, h) => {
    const decoded = decodePcap(file(h));
    expect(decoded.header).toEqual(h);
    expect(decoded.records.map((r) => ({ ...r, data: toHex(r.data) }))).toEqual(
      records.map((r) => ({ ...r, data: toHex(r.data) })),
    );
  });

  it('refuses to encode what it could not read back', () => {
    const h = pcapHeader(LinkType.RAW, 4);
    expect(() =>
      encodePcapRecord(h, { ...records[0]!, data: new Uint8Array(5), originalLength: 5 }),
    ).toThrow(RangeError);
    expect(() => encodePcapRecord(h, { ...records[0]!, fraction: 1_000_000 })).toThrow(RangeError);
    expect(() => encodePcapRecord(h, { ...records[0]!, originalLength: 2 })).toThrow(RangeError);
  });
});

describe('pcap reader', () => {
  const bytes = file(pcapHeader(LinkType.RAW));

  it('returns the same records for every split of the stream into two chunks', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new PcapReader();
      const got = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))];
      reader.finish();
      expect(
        got.map((r) => toHex(r.data)),
        `cut at ${cut}`,
      ).toEqual(records.map((r) => toHex(r.data)));
    }
  });

  it('returns the same records for random splits into many chunks (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const reader = new PcapReader();
          const got: PcapRecord[] = [];
          for (let i = 1; i < points.length; i++)
            got.push(...reader.push(bytes.subarray(points[i - 1], points[i])));
          reader.finish();
          expect(got.map((r) => r.fraction)).toEqual(records.map((r) => r.fraction));
        },
      ),
      { seed: 4729, numRuns: 300 },
    );
  });

  it('returns only whole records for a truncated stream, and finish() says it was cut', () => {
    const boundaries = new Set([24, 24 + 19, 24 + 19 + 16, bytes.length]);
    for (let length = 0; length < bytes.length; length++) {
      const reader = new PcapReader();
      const got = reader.push(bytes.subarray(0, length));
      expect(got.length).toBeLessThan(records.length);
      if (boundaries.has(length)) expect(() => reader.finish()).not.toThrow();
      else
        expect(() => reader.finish()).toThrow(expect.objectContaining({ code: 'PCAP_TRUNCATED' }));
    }
    expectEveryTruncationDecodesOrRejects(bytes, (b) => decodePcap(b));
  });

  const bad: [string, string, (b: Uint8Array) => void][] = [
    ['PCAP_BAD_MAGIC', 'not a pcap file', (b) => (b[0] = 0x0a)],
    ['PCAP_BAD_VERSION', 'version 3.4', (b) => (b[4] = 3)],
    ['PCAP_BAD_SNAPLEN', 'snap length 0', (b) => b.fill(0, 16, 20)],
    ['PCAP_BAD_TIMESTAMP', 'microseconds ≥ 1e6', (b) => b.set(fromHex('40420f00'), 28)],
    [
      'PCAP_RECORD_TOO_LONG',
      'captured length > snap length',
      (b) => b.set(fromHex('01000400'), 32),
    ],
    ['PCAP_BAD_LENGTH', 'captured > original length', (b) => (b[36] = 2)],
  ];
  it.each(bad)('throws %s for %s', (code, _, corrupt) => {
    const b = bytes.slice();
    corrupt(b);
    expect(() => new PcapReader().push(b)).toThrow(expect.objectContaining({ code }));
  });

  it('rejects a short record header given to the record decoder directly', () => {
    expect(() => decodePcapRecordHeader(pcapHeader(1), new Uint8Array(15), 100)).toThrow(
      expect.objectContaining({ code: 'PCAP_TRUNCATED' }),
    );
  });

  it('enforces its own record limit below the snap length', () => {
    expect(() =>
      new PcapReader({ maxRecordBytes: 3 }).push(file(pcapHeader(1), [records[2]!])),
    ).toThrow(expect.objectContaining({ code: 'PCAP_RECORD_TOO_LONG' }));
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder((b) => decodePcap(b), { maxLength: 120 });
    const header = encodePcapHeader(pcapHeader(LinkType.RAW, 64));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        expectOnlyDecodeError(() => decodePcap(concatBytes(header, tail)));
      }),
      { seed: 101, numRuns: 1000 },
    );
  });
});
