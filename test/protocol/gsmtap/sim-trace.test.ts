// GSMTAP type SIM in pcap: events to records and back, other traffic skipped, malformed SIM
// packets rejected with DecodeError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  GsmtapSimSubType,
  LOOPBACK,
  LinkType,
  decodeSimTracePcap,
  encodeGsmtapPacket,
  encodeIpv4Udp,
  encodePcapHeader,
  encodePcapRecord,
  encodeSimGsmtap,
  encodeSimTracePcap,
  pcapHeader,
  simGsmtapHeader,
  type PcapHeader,
} from '../../../protocol/gsmtap/index.ts';
import type { TraceEvent } from '../../../protocol/trace/index.ts';
import {
  expectEveryTruncationDecodesOrRejects,
  expectOnlyDecodeError,
} from '../../support/codec-checks.ts';

const T0 = 1_795_000_000_000_000;
const events: TraceEvent[] = [
  { time: T0, kind: 'atr', bytes: fromHex('3b9396008031e0') },
  { time: T0 + 1000, kind: 'apdu', bytes: fromHex('00a40004023f00612f') },
  { time: T0 + 1_000_999, kind: 'apdu', bytes: fromHex('00c000000262019000') },
];

const view = (es: readonly TraceEvent[]) => es.map((e) => ({ ...e, bytes: toHex(e.bytes) }));

function udpRecord(
  h: PcapHeader,
  payload: Uint8Array,
  port = 4729,
  prefix: Uint8Array = new Uint8Array(0),
) {
  const ip = encodeIpv4Udp({
    source: LOOPBACK,
    destination: LOOPBACK,
    sourcePort: 40000,
    destinationPort: port,
    payload,
  });
  const data = concatBytes(prefix, ip);
  return encodePcapRecord(h, { seconds: 1, fraction: 2, originalLength: data.length, data });
}

describe('SIM trace in GSMTAP', () => {
  it('carries an APDU exchange as sub-type APDU, TPDU view unchanged (REFERENCE §4 example)', () => {
    expect(toHex(encodeSimGsmtap({ kind: 'apdu', bytes: fromHex('00a40004023f00612f') }))).toBe(
      '0204040000000000000000000000000000a40004023f00612f',
    );
    expect(toHex(encodeSimGsmtap(events[0]!)).slice(24, 26)).toBe('01');
  });

  it('rejects events GSMTAP readers could not dissect', () => {
    expect(() => encodeSimGsmtap({ kind: 'apdu', bytes: fromHex('8014000c9000') })).toThrow(
      RangeError,
    );
    expect(() => encodeSimGsmtap({ kind: 'atr', bytes: new Uint8Array(34) })).toThrow(RangeError);
  });

  it('round-trips events through a pcap file, time to the microsecond', () => {
    const bytes = encodeSimTracePcap(events);
    expect(toHex(bytes.subarray(0, 4))).toBe('d4c3b2a1');
    expect(toHex(bytes.subarray(20, 24))).toBe('65000000');
    const trace = decodeSimTracePcap(bytes);
    expect(view(trace.events)).toEqual(view(events));
    expect(trace.skipped).toBe(0);
  });

  it('reads nanosecond big-endian files and Ethernet framing', () => {
    const h: PcapHeader = { ...pcapHeader(LinkType.ETHERNET), byteOrder: 'big', precision: 'nano' };
    const ethernet = fromHex('000000000000' + '000000000000' + '0800');
    const payload = encodeSimGsmtap(events[1]!);
    const bytes = concatBytes(encodePcapHeader(h), udpRecord(h, payload, 4729, ethernet));
    const trace = decodeSimTracePcap(bytes);
    expect(view(trace.events)).toEqual([
      { time: 1_000_000, kind: 'apdu', bytes: '00a40004023f00612f' },
    ]);
  });

  it('skips traffic that is not a SIM APDU or ATR, and packets cut by the snap length', () => {
    const h = pcapHeader(LinkType.RAW);
    const um = encodeGsmtapPacket({
      header: { ...simGsmtapHeader(0), type: 1 },
      payload: new Uint8Array(23),
    });
    const tpduHeader = encodeGsmtapPacket({
      header: simGsmtapHeader(GsmtapSimSubType.TPDU_HDR),
      payload: fromHex('a0a4000002'),
    });
    const ipv6 = fromHex('60000000000011400000');
    const cut = udpRecord(h, encodeSimGsmtap(events[1]!));
    cut.set([cut[12]! + 1], 12);
    const skipped = [
      udpRecord(h, um),
      udpRecord(h, tpduHeader),
      udpRecord(h, encodeSimGsmtap(events[1]!), 53),
      encodePcapRecord(h, { seconds: 0, fraction: 0, originalLength: ipv6.length, data: ipv6 }),
      cut,
    ];
    const bytes = concatBytes(
      encodePcapHeader(h),
      ...skipped,
      udpRecord(h, encodeSimGsmtap(events[1]!)),
    );
    const trace = decodeSimTracePcap(bytes);
    expect(trace.skipped).toBe(5);
    expect(trace.events.map((e) => toHex(e.bytes))).toEqual(['00a40004023f00612f']);
  });

  it('rejects SIM packets too short for their sub-type', () => {
    const h = pcapHeader(LinkType.RAW);
    const shortApdu = encodeGsmtapPacket({
      header: simGsmtapHeader(0),
      payload: fromHex('80140c9000'),
    });
    const bytes = concatBytes(encodePcapHeader(h), udpRecord(h, shortApdu));
    expect(() => decodeSimTracePcap(bytes)).toThrow(
      expect.objectContaining({ code: 'GSMTAP_SIM_SHORT_APDU' }),
    );
  });

  it('decodes every truncation or rejects it with DecodeError', () => {
    expectEveryTruncationDecodesOrRejects(encodeSimTracePcap(events), decodeSimTracePcap);
  });

  it('random record contents only ever raise DecodeError (seeded)', () => {
    const h = pcapHeader(LinkType.RAW);
    const valid = udpRecord(h, encodeSimGsmtap(events[1]!));
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 60 }),
        fc.integer({ min: 16, max: valid.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        (tail, at, value) => {
          const mutated = valid.slice();
          mutated[at] = value;
          expectOnlyDecodeError(() =>
            decodeSimTracePcap(concatBytes(encodePcapHeader(h), mutated)),
          );
          const data = tail;
          const record = encodePcapRecord(h, {
            seconds: 0,
            fraction: 0,
            originalLength: data.length,
            data,
          });
          expectOnlyDecodeError(() => decodeSimTracePcap(concatBytes(encodePcapHeader(h), record)));
        },
      ),
      { seed: 4729, numRuns: 2000 },
    );
  });
});
