// SIM traces as GSMTAP (libosmocore gsmtap.h type SIM, sub-types APDU and ATR) in IPv4/UDP to
// port 4729, one pcap record per ATR or TPDU exchange, as SIMtrace2 and osmo-remsim write them.
import { DecodeError } from '../bytes/index.ts';
import type { TraceEvent } from '../trace/trace-event.ts';
import {
  GSMTAP_TYPE_SIM,
  GSMTAP_UDP_PORT,
  GsmtapSimSubType,
  decodeGsmtapPacket,
  encodeGsmtapPacket,
  simGsmtapHeader,
} from './gsmtap-header.ts';
import { LOOPBACK, decodeIpv4Udp, encodeIpv4Udp, IP_PROTOCOL_UDP } from './ipv4-udp.ts';
import {
  LinkType,
  encodePcapHeader,
  encodePcapRecord,
  pcapHeader,
  type PcapHeader,
  type PcapRecord,
} from './pcap.ts';
import { decodePcap, DEFAULT_PCAP_LIMITS, type PcapLimits } from './pcap-reader.ts';

/** Smallest APDU payload: a 5-byte TPDU header and SW1 SW2. */
export const MIN_APDU_PAYLOAD = 7;
/** Smallest ATR: TS and T0 (ISO/IEC 7816-3 §8.2). */
export const MIN_ATR_BYTES = 2;
/** Largest ATR: 33 bytes including TS (ISO/IEC 7816-3 §8.2.1). */
export const MAX_ATR_BYTES = 33;

const ETHERNET_HEADER_BYTES = 14;
const ETHERTYPE_IPV4 = 0x0800;

/** A pcap decoded as a SIM trace; `skipped` counts records that carry no SIM APDU or ATR. */
export interface SimTrace {
  readonly events: readonly TraceEvent[];
  readonly skipped: number;
}

/** The GSMTAP packet (UDP payload) of one event. */
export function encodeSimGsmtap(event: Pick<TraceEvent, 'kind' | 'bytes'>): Uint8Array {
  checkEventBytes(event.kind, event.bytes.length);
  const subType = event.kind === 'atr' ? GsmtapSimSubType.ATR : GsmtapSimSubType.APDU;
  return encodeGsmtapPacket({ header: simGsmtapHeader(subType), payload: event.bytes });
}

/** The pcap file header of a simpay SIM trace: LINKTYPE_RAW, IPv4 datagrams. */
export function simTracePcapHeader(): PcapHeader {
  return pcapHeader(LinkType.RAW);
}

/** One pcap record (LINKTYPE_RAW) for an event, loopback to loopback, UDP 4729 to 4729. */
export function encodeSimTraceRecord(header: PcapHeader, event: TraceEvent): Uint8Array {
  if (!Number.isSafeInteger(event.time) || event.time < 0) {
    throw new RangeError(`trace time ${event.time} is not a whole number of microseconds ≥ 0`);
  }
  const data = encodeIpv4Udp({
    source: LOOPBACK,
    destination: LOOPBACK,
    sourcePort: GSMTAP_UDP_PORT,
    destinationPort: GSMTAP_UDP_PORT,
    payload: encodeSimGsmtap(event),
  });
  const seconds = Math.floor(event.time / 1_000_000);
  const micros = event.time % 1_000_000;
  const fraction = header.precision === 'nano' ? micros * 1000 : micros;
  return encodePcapRecord(header, { seconds, fraction, originalLength: data.length, data });
}

/** A whole pcap file for the events, in order. */
export function encodeSimTracePcap(events: readonly TraceEvent[]): Uint8Array {
  const header = simTracePcapHeader();
  const parts = [encodePcapHeader(header), ...events.map((e) => encodeSimTraceRecord(header, e))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * The SIM event in one record, or undefined when the record is other traffic (not IPv4/UDP to or
 * from port 4729, not GSMTAP type SIM, a SIM sub-type other than APDU and ATR) or was cut short by
 * the capture's snap length.
 */
export function decodeSimTraceRecord(
  header: PcapHeader,
  record: PcapRecord,
): TraceEvent | undefined {
  if (record.data.length < record.originalLength) return undefined;
  const ip = ipv4Of(header.linkType & 0xffff, record.data);
  if (ip === undefined || ip[0]! >> 4 !== 4 || ip[9] !== IP_PROTOCOL_UDP) return undefined;
  const udp = decodeIpv4Udp(ip);
  if (udp.destinationPort !== GSMTAP_UDP_PORT && udp.sourcePort !== GSMTAP_UDP_PORT)
    return undefined;
  const { header: gsmtap, payload } = decodeGsmtapPacket(udp.payload);
  if (gsmtap.type !== GSMTAP_TYPE_SIM) return undefined;
  let kind: TraceEvent['kind'];
  if (gsmtap.subType === GsmtapSimSubType.APDU) kind = 'apdu';
  else if (gsmtap.subType === GsmtapSimSubType.ATR) kind = 'atr';
  else return undefined;
  checkDecodedBytes(kind, payload.length);
  const micros = header.precision === 'nano' ? Math.floor(record.fraction / 1000) : record.fraction;
  return { time: record.seconds * 1_000_000 + micros, kind, bytes: payload };
}

/** Decodes a pcap file (LINKTYPE_RAW, IPV4 or ETHERNET) into its SIM events. */
export function decodeSimTracePcap(
  bytes: Uint8Array,
  limits: PcapLimits = DEFAULT_PCAP_LIMITS,
): SimTrace {
  const file = decodePcap(bytes, limits);
  const events: TraceEvent[] = [];
  for (const record of file.records) {
    const event = decodeSimTraceRecord(file.header, record);
    if (event !== undefined) events.push(event);
  }
  return { events, skipped: file.records.length - events.length };
}

function ipv4Of(linkType: number, data: Uint8Array): Uint8Array | undefined {
  if (linkType === LinkType.RAW || linkType === LinkType.IPV4)
    return data.length > 0 ? data : undefined;
  if (linkType !== LinkType.ETHERNET || data.length < ETHERNET_HEADER_BYTES + 20) return undefined;
  const etherType = (data[12]! << 8) | data[13]!;
  return etherType === ETHERTYPE_IPV4 ? data.subarray(ETHERNET_HEADER_BYTES) : undefined;
}

function checkEventBytes(kind: TraceEvent['kind'], length: number): void {
  if (kind === 'apdu' && length < MIN_APDU_PAYLOAD) {
    throw new RangeError(`an APDU event needs a TPDU header and SW1 SW2, got ${length} bytes`);
  }
  if (kind === 'atr' && (length < MIN_ATR_BYTES || length > MAX_ATR_BYTES)) {
    throw new RangeError(`an ATR has 2 to 33 bytes, got ${length}`);
  }
}

function checkDecodedBytes(kind: TraceEvent['kind'], length: number): void {
  if (kind === 'apdu' && length < MIN_APDU_PAYLOAD) {
    throw new DecodeError('GSMTAP_SIM_SHORT_APDU', 16, `APDU payload of ${length} bytes`);
  }
  if (kind === 'atr' && (length < MIN_ATR_BYTES || length > MAX_ATR_BYTES)) {
    throw new DecodeError('GSMTAP_SIM_BAD_ATR', 16, `ATR of ${length} bytes`);
  }
}
