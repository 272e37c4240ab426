// Masks secrets before a trace leaves the process: PIN values in VERIFY/CHANGE/DISABLE/ENABLE/
// UNBLOCK PIN (TS 102 221 §11.1.9-§11.1.13, TS 51.011 §9.2.9-§9.2.13) and the results of
// RUN GSM ALGORITHM / AUTHENTICATE (TS 51.011 §9.2.16, TS 31.102 §7.1.2), also when fetched by
// GET RESPONSE (ISO/IEC 7816-4 §7.6.1), and the text a user typed into a GET INPUT whose input
// must not be revealed (TS 102 223 §6.6.3, §8.6 qualifier bit 3), answered in TERMINAL RESPONSE.
import type { TraceEntry } from './trace-event.ts';
import type { TraceSink } from './trace-sink.ts';

/** Byte written over every masked byte (`*`), so lengths and TPDU structure stay intact. */
export const MASK_BYTE = 0x2a;

const PIN_INS = new Set([0x20, 0x24, 0x26, 0x28, 0x2c]);
const INS_AUTHENTICATE = 0x88;
const INS_GET_RESPONSE = 0xc0;
const INS_FETCH = 0x12;
const INS_TERMINAL_RESPONSE = 0x14;
const TPDU_HEADER_BYTES = 5;
/** TS 102 223 §9.4 type of command GET INPUT, and §8.6 qualifier bit 3 "input not revealed". */
const COMMAND_GET_INPUT = 0x23;
const QUALIFIER_HIDE_INPUT = 0x04;
/** TS 102 223 §9.3 COMPREHENSION-TLV tags without the CR bit. */
const TAG_COMMAND_DETAILS = 0x01;
const TAG_TEXT_STRING = 0x0d;
const TAG_PROACTIVE_COMMAND = 0xd0;

/**
 * Wraps a sink so that secrets never reach it. Keeps one entry of state: whether the previous
 * command was an authentication whose result a following GET RESPONSE returns.
 */
export function maskingTraceSink(inner: TraceSink): TraceSink {
  let authenticationPending = false;
  let hiddenInputPending = false;
  return {
    record(entry) {
      if (entry.kind === 'atr') {
        authenticationPending = false;
        hiddenInputPending = false;
        inner.record(entry);
        return;
      }
      const ins = entry.command[1];
      let masked = maskEntry(entry, ins, authenticationPending);
      if (ins === INS_TERMINAL_RESPONSE && hiddenInputPending) masked = maskTypedText(masked);
      authenticationPending = ins === INS_AUTHENTICATE;
      if (ins === INS_FETCH) hiddenInputPending = isHiddenGetInput(entry.response);
      else if (ins === INS_TERMINAL_RESPONSE) hiddenInputPending = false;
      inner.record(masked);
    },
  };
}

/** True when FETCH returned a GET INPUT whose input the terminal must not reveal. */
function isHiddenGetInput(response: Uint8Array): boolean {
  if (response[0] !== TAG_PROACTIVE_COMMAND) return false;
  const outer = readLength(response, 1);
  if (outer === undefined) return false;
  for (const object of comprehensionObjects(response, outer.valueStart, response.length - 2)) {
    if (object.tag === TAG_COMMAND_DETAILS && object.length >= 3) {
      const type = response[object.valueStart + 1];
      const qualifier = response[object.valueStart + 2]!;
      return type === COMMAND_GET_INPUT && (qualifier & QUALIFIER_HIDE_INPUT) !== 0;
    }
  }
  return false;
}

/** Masks the text of every Text string object in a TERMINAL RESPONSE's command data. */
function maskTypedText(entry: TraceEntry): TraceEntry {
  if (entry.kind !== 'apdu') return entry;
  let command = entry.command;
  for (const object of comprehensionObjects(command, TPDU_HEADER_BYTES, command.length)) {
    if (object.tag === TAG_TEXT_STRING) {
      // The first value byte is the data coding scheme (§8.15); only the text after it is secret.
      command = maskFrom(command, object.valueStart + 1, object.valueStart + object.length);
    }
  }
  return { ...entry, command };
}

interface ObjectSpan {
  readonly tag: number;
  readonly valueStart: number;
  readonly length: number;
}

/** COMPREHENSION-TLV objects (TS 101 220 §7.1.2) in bytes[start, end); stops at anything malformed. */
function comprehensionObjects(bytes: Uint8Array, start: number, end: number): ObjectSpan[] {
  const objects: ObjectSpan[] = [];
  let at = start;
  while (at < end) {
    const first = bytes[at]!;
    const tagBytes = first === 0x7f ? 3 : 1;
    const tag =
      first === 0x7f ? (((bytes[at + 1] ?? 0) & 0x7f) << 8) | (bytes[at + 2] ?? 0) : first & 0x7f;
    const length = readLength(bytes, at + tagBytes);
    if (length === undefined || length.valueStart + length.value > end) break;
    objects.push({ tag, valueStart: length.valueStart, length: length.value });
    at = length.valueStart + length.value;
  }
  return objects;
}

/** A BER length of one byte or `81 xx` (TS 101 220 §7.1.2). */
function readLength(
  bytes: Uint8Array,
  at: number,
): { value: number; valueStart: number } | undefined {
  const first = bytes[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return { value: first, valueStart: at + 1 };
  const second = bytes[at + 1];
  if (first === 0x81 && second !== undefined && second >= 0x80)
    return { value: second, valueStart: at + 2 };
  return undefined;
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
