// Masks secrets before a trace leaves the process: PIN values in VERIFY/CHANGE/DISABLE/ENABLE/
// UNBLOCK PIN (TS 102 221 §11.1.9-§11.1.13, TS 51.011 §9.2.9-§9.2.13) and the results of
// RUN GSM ALGORITHM / AUTHENTICATE (TS 51.011 §9.2.16, TS 31.102 §7.1.2), also when fetched by
// GET RESPONSE (ISO/IEC 7816-4 §7.6.1).
import type { TraceEntry } from './trace-event.ts';
import type { TraceSink } from './trace-sink.ts';

/** Byte written over every masked byte (`*`), so lengths and TPDU structure stay intact. */
export const MASK_BYTE = 0x2a;

const PIN_INS = new Set([0x20, 0x24, 0x26, 0x28, 0x2c]);
const INS_AUTHENTICATE = 0x88;
const INS_GET_RESPONSE = 0xc0;
const TPDU_HEADER_BYTES = 5;

/**
 * Wraps a sink so that secrets never reach it. Keeps one entry of state: whether the previous
 * command was an authentication whose result a following GET RESPONSE returns.
 */
export function maskingTraceSink(inner: TraceSink): TraceSink {
  let authenticationPending = false;
  return {
    record(entry) {
      if (entry.kind === 'atr') {
        authenticationPending = false;
        inner.record(entry);
        return;
      }
      const ins = entry.command[1];
      const masked = maskEntry(entry, ins, authenticationPending);
      authenticationPending = ins === INS_AUTHENTICATE;
      inner.record(masked);
    },
  };
}

function maskEntry(
  entry: Extract<TraceEntry, { kind: 'apdu' }>,
  ins: number | undefined,
  authenticationPending: boolean,
): TraceEntry {
  if (ins !== undefined && PIN_INS.has(ins)) {
    return { ...entry, command: maskFrom(entry.command, TPDU_HEADER_BYTES, entry.command.length) };
  }
  const resultFetched = ins === INS_GET_RESPONSE && authenticationPending;
  if (ins === INS_AUTHENTICATE || resultFetched) {
    return { ...entry, response: maskFrom(entry.response, 0, entry.response.length - 2) };
  }
  return entry;
}

function maskFrom(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = bytes.slice();
  if (end > start) out.fill(MASK_BYTE, start, end);
  return out;
}
