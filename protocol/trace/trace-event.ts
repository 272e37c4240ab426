// What a SIM trace records: answers to reset (ISO/IEC 7816-3 §8) and command-response pairs in the
// T=0 TPDU view (ISO/IEC 7816-3 §10.3: CLA INS P1 P2 P3 || command data || response data || SW1 SW2).
import { concatBytes } from '../bytes/index.ts';

/** A traced exchange before it has a time: an ATR, or one TPDU with the card's response. */
export type TraceEntry =
  | { readonly kind: 'atr'; readonly atr: Uint8Array }
  | {
      readonly kind: 'apdu';
      /** TPDU header (5 bytes) and command data. */
      readonly command: Uint8Array;
      /** Response data followed by SW1 SW2. */
      readonly response: Uint8Array;
    };

/** A traced event with its time, as GSMTAP carries it: `bytes` is the ATR or command || response. */
export interface TraceEvent {
  /** Microseconds since 1970-01-01T00:00:00Z. */
  readonly time: number;
  readonly kind: 'apdu' | 'atr';
  readonly bytes: Uint8Array;
}

/** A source of trace time in microseconds since the Unix epoch (real or simulated). */
export type TraceClock = () => number;

/** The bytes GSMTAP carries for an entry. */
export function traceEntryBytes(entry: TraceEntry): Uint8Array {
  return entry.kind === 'atr' ? entry.atr.slice() : concatBytes(entry.command, entry.response);
}

/** Stamps an entry with a time. */
export function traceEvent(entry: TraceEntry, time: number): TraceEvent {
  return { time, kind: entry.kind, bytes: traceEntryBytes(entry) };
}

/** The status word (SW1 SW2) ending an APDU event, or undefined for ATRs and short payloads. */
export function statusWordOf(event: Pick<TraceEvent, 'kind' | 'bytes'>): number | undefined {
  const n = event.bytes.length;
  if (event.kind !== 'apdu' || n < 7) return undefined;
  return (event.bytes[n - 2]! << 8) | event.bytes[n - 1]!;
}
