// The text form of SIM traces used by fixtures/apdu/*.trace: `atr …` for an answer to reset
// (ISO/IEC 7816-3 §8), `> …` for a T=0 command TPDU (ISO/IEC 7816-3 §10.3.2) and `< …` for the
// card's response data and SW1 SW2; `#` starts a comment; indented lines continue the previous one.
import { DecodeError, fromHex, toSpacedHex } from '../bytes/index.ts';
import type { TraceEntry } from './trace-event.ts';

/** Largest trace text accepted, in characters. */
export const MAX_TRACE_CHARS = 4_000_000;
const TPDU_HEADER = 5;
const MAX_COMMAND = TPDU_HEADER + 255;
const MAX_RESPONSE = 256 + 2;
const BYTES_PER_LINE = 24;

type Marker = 'atr' | '>' | '<';

/** Where a line starts: its number (from 1) and its character offset. */
interface Position {
  readonly line: number;
  readonly offset: number;
}

interface Item extends Position {
  readonly marker: Marker;
  hex: string;
}

const NO_RESPONSE = "'>' is not followed by a '<' response";

/** Parses a trace; errors are DecodeError with codes `TRACE_*` and messages starting `line N:`. */
export function parseApduTrace(text: string): TraceEntry[] {
  if (text.length > MAX_TRACE_CHARS) {
    const message = `trace longer than ${MAX_TRACE_CHARS} characters`;
    throw new DecodeError('TRACE_TOO_LONG', MAX_TRACE_CHARS, message);
  }
  const items: Item[] = [];
  let offset = 0;
  text.split('\n').forEach((raw, index) => {
    const at = { line: index + 1, offset };
    offset += raw.length + 1;
    const content = raw.replace(/#.*$/, '').replace(/\r$/, '');
    if (content.trim() !== '') readLine(content, at, items);
  });
  return entriesOf(items);
}

/** Appends the line to the previous item (indented) or starts a new item. */
function readLine(content: string, at: Position, items: Item[]): void {
  const current = items[items.length - 1];
  if (/^\s/.test(content)) {
    if (current === undefined)
      fail('TRACE_STRAY_CONTINUATION', at, 'indented line continues nothing');
    current.hex += ` ${content}`;
    return;
  }
  const match = /^(atr|>|<)(\s|$)(.*)$/i.exec(content);
  if (match === null)
    fail('TRACE_BAD_LINE', at, "expected 'atr', '>' or '<' at the start of the line");
  items.push({ ...at, marker: match[1]!.toLowerCase() as Marker, hex: match[3]! });
}

function entriesOf(items: readonly Item[]): TraceEntry[] {
  const entries: TraceEntry[] = [];
  let command: { bytes: Uint8Array; item: Item } | undefined;
  for (const item of items) {
    const bytes = bytesOf(item);
    if (item.marker === '<') {
      if (command === undefined)
        fail('TRACE_RESPONSE_WITHOUT_COMMAND', item, "'<' without a '>' before it");
      checkResponse(command.bytes, bytes, item);
      entries.push({ kind: 'apdu', command: command.bytes, response: bytes });
      command = undefined;
      continue;
    }
    if (command !== undefined) fail('TRACE_MISSING_RESPONSE', command.item, NO_RESPONSE);
    if (item.marker === '>') {
      checkCommand(bytes, item);
      command = { bytes, item };
    } else {
      if (bytes.length < 2 || bytes.length > 33) {
        fail('TRACE_BAD_ATR', item, `an ATR has 2 to 33 bytes, got ${bytes.length}`);
      }
      entries.push({ kind: 'atr', atr: bytes });
    }
  }
  if (command !== undefined) fail('TRACE_MISSING_RESPONSE', command.item, NO_RESPONSE);
  return entries;
}

function bytesOf(item: Item): Uint8Array {
  try {
    return fromHex(item.hex);
  } catch (error) {
    const reason =
      error instanceof DecodeError
        ? error.message.replace(/^\S+ at offset \d+: /, '')
        : String(error);
    return fail('TRACE_BAD_HEX', item, reason);
  }
}

function checkCommand(bytes: Uint8Array, item: Item): void {
  if (bytes.length < TPDU_HEADER || bytes.length > MAX_COMMAND) {
    fail('TRACE_BAD_COMMAND', item, `a command TPDU has 5 to 260 bytes, got ${bytes.length}`);
  }
  const p3 = bytes[4]!;
  if (bytes.length > TPDU_HEADER && bytes.length !== TPDU_HEADER + p3) {
    fail(
      'TRACE_P3_MISMATCH',
      item,
      `P3 = ${p3} but ${bytes.length - TPDU_HEADER} data bytes follow the header`,
    );
  }
}

function checkResponse(command: Uint8Array, bytes: Uint8Array, item: Item): void {
  if (bytes.length < 2 || bytes.length > MAX_RESPONSE) {
    fail(
      'TRACE_BAD_RESPONSE',
      item,
      `a response has SW1 SW2 and at most 256 data bytes, got ${bytes.length}`,
    );
  }
  const dataLength = bytes.length - 2;
  if (dataLength === 0) return;
  if (command.length > TPDU_HEADER) {
    fail(
      'TRACE_DATA_BOTH_WAYS',
      item,
      'a T=0 command with data gets no response data (use GET RESPONSE)',
    );
  }
  const le = command[4] === 0 ? 256 : command[4]!;
  if (dataLength !== le) {
    fail('TRACE_LE_MISMATCH', item, `P3 asks for ${le} bytes, the response has ${dataLength}`);
  }
}

function fail(code: string, at: Position, message: string): never {
  throw new DecodeError(code, at.offset, `line ${at.line}: ${message}`);
}

/** Writes entries in the trace text form, long byte strings wrapped on indented lines. */
export function formatApduTrace(
  entries: readonly TraceEntry[],
  headerComments: readonly string[] = [],
): string {
  const lines = headerComments.map((c) => (c === '' ? '#' : `# ${c}`));
  for (const entry of entries) {
    if (entry.kind === 'atr') lines.push(...wrapped('atr', entry.atr));
    else lines.push(...wrapped('>', entry.command), ...wrapped('<', entry.response));
  }
  return `${lines.join('\n')}\n`;
}

function wrapped(marker: string, bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += BYTES_PER_LINE) {
    const hex = toSpacedHex(bytes.subarray(i, i + BYTES_PER_LINE));
    out.push(i === 0 ? `${marker} ${hex}` : `  ${hex}`);
  }
  return out;
}
