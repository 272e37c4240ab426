// 3GPP TS 23.040 §9.2.3.24.1 and §9.2.3.24.8 concatenated short messages: splitting text into
// parts that each carry a concatenation element, and putting received parts back together.
import { concatBytes } from '../bytes/index.ts';
import { DCS_GSM7, DCS_UCS2, type Dcs } from './dcs.ts';
import { GSM7_ESCAPE, isGsm7Encodable } from './gsm7-alphabet.ts';
import { textBody, userDataCapacity, userDataText, type UserData } from './user-data.ts';
import { findConcat, type InformationElement } from './user-data-header.ts';

/** Most parts one concatenated message can have (TP sequence numbers are one octet). */
export const MAX_PARTS = 255;

/** How splitText labels and codes the parts. */
export interface SplitOptions {
  /** Concatenation reference shared by all parts (0-255, or 0-65535 with 16-bit references). */
  readonly reference: number;
  /** Reference size: 8 (IEI 00, default) or 16 (IEI 08). */
  readonly referenceBits?: 8 | 16;
  /** Forces an alphabet; by default GSM 7 bit when every character has a code, else UCS2. */
  readonly alphabet?: 'gsm7' | 'ucs2';
  /** Elements every part carries besides concatenation (e.g. application ports). */
  readonly header?: readonly InformationElement[];
}

/** The DCS for all parts and the user data of each part, in order. */
export interface SplitMessage {
  readonly dcs: Dcs;
  readonly parts: readonly UserData[];
}

/**
 * Splits `text` into as few parts as fit: one part without a concatenation element when the
 * text fits a single TPDU, otherwise parts of 153 septets (GSM 7 bit) or 67 characters (UCS2)
 * less any extra header. Never cuts an escape sequence or a surrogate pair. Throws RangeError
 * when more than 255 parts are needed or a forced GSM 7 bit text has other characters.
 */
export function splitText(text: string, options: SplitOptions): SplitMessage {
  const alphabet = options.alphabet ?? (isGsm7Encodable(text) ? 'gsm7' : 'ucs2');
  const dcs = alphabet === 'gsm7' ? DCS_GSM7 : DCS_UCS2;
  const body = textBody(text, dcs);
  const extra = options.header ?? [];
  const single = userDataCapacity(dcs, extra.length > 0 ? extra : undefined);
  if (body.length <= single) {
    return { dcs, parts: [extra.length > 0 ? { header: extra, body } : { body }] };
  }
  const bits = options.referenceBits ?? 8;
  const probe = concatElement(options.reference, bits, 1, 1);
  const capacity = userDataCapacity(dcs, [probe, ...extra]);
  const chunks = cutBody(
    body,
    alphabet === 'gsm7' ? capacity : capacity - (capacity % 2),
    alphabet,
  );
  if (chunks.length > MAX_PARTS)
    throw new RangeError(`text needs ${chunks.length} parts, over ${MAX_PARTS}`);
  const parts = chunks.map((chunk, i) => ({
    header: [concatElement(options.reference, bits, chunks.length, i + 1), ...extra],
    body: chunk,
  }));
  return { dcs, parts };
}

/**
 * The bodies of all parts of one message joined in sequence order, or undefined unless parts
 * 1..total are all present exactly once with one reference. A single part without a
 * concatenation element is a whole message.
 */
export function joinBodies(parts: readonly UserData[]): Uint8Array | undefined {
  if (parts.length === 1 && findConcat(parts[0]!.header) === undefined) return parts[0]!.body;
  const first = findConcat(parts[0]?.header);
  if (first === undefined || first.total !== parts.length || first.total === 0) return undefined;
  const ordered: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(first.total);
  for (const part of parts) {
    const concat = findConcat(part.header);
    if (
      concat === undefined ||
      concat.reference !== first.reference ||
      concat.total !== first.total
    ) {
      return undefined;
    }
    if (concat.sequence < 1 || concat.sequence > first.total || ordered[concat.sequence - 1]) {
      return undefined;
    }
    ordered[concat.sequence - 1] = part.body;
  }
  return concatBytes(...(ordered as Uint8Array[]));
}

/** The text of a complete set of parts (GSM 7 bit or UCS2), or undefined. */
export function joinText(parts: readonly UserData[], dcs: Dcs): string | undefined {
  const body = joinBodies(parts);
  return body === undefined ? undefined : userDataText({ body }, dcs);
}

/**
 * Collects parts per message until each is complete. Keyed by the caller (typically the
 * originator address plus the reference); holds at most `maxMessages` incomplete messages and
 * drops the oldest beyond that.
 */
export class ConcatenationBuffer {
  private readonly pending = new Map<string, UserData[]>();

  constructor(private readonly maxMessages = 32) {}

  /** Adds one part; returns all parts in order when the message is complete. */
  add(source: string, part: UserData): readonly UserData[] | undefined {
    const concat = findConcat(part.header);
    if (concat === undefined) return [part];
    const key = `${source}|${concat.referenceBits}|${concat.reference}|${concat.total}`;
    const parts = (this.pending.get(key) ?? []).filter(
      (p) => findConcat(p.header)?.sequence !== concat.sequence,
    );
    parts.push(part);
    if (joinBodies(parts) !== undefined) {
      this.pending.delete(key);
      return parts.sort((a, b) => findConcat(a.header)!.sequence - findConcat(b.header)!.sequence);
    }
    this.pending.delete(key);
    this.pending.set(key, parts);
    if (this.pending.size > this.maxMessages)
      this.pending.delete(this.pending.keys().next().value!);
    return undefined;
  }

  /** Number of incomplete messages held. */
  get size(): number {
    return this.pending.size;
  }
}

function concatElement(
  reference: number,
  bits: 8 | 16,
  total: number,
  sequence: number,
): InformationElement {
  const max = bits === 8 ? 0xff : 0xffff;
  if (!Number.isInteger(reference) || reference < 0 || reference > max) {
    throw new RangeError(`concatenation reference ${reference} does not fit ${bits} bits`);
  }
  return { type: 'concat', referenceBits: bits, reference, total, sequence };
}

function cutBody(body: Uint8Array, size: number, alphabet: 'gsm7' | 'ucs2'): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  while (start < body.length) {
    let end = Math.min(start + size, body.length);
    if (end < body.length && splitsUnit(body, end, alphabet)) end -= alphabet === 'gsm7' ? 1 : 2;
    chunks.push(body.slice(start, end));
    start = end;
  }
  return chunks;
}

/** True when cutting before `index` separates an escape from its septet or a surrogate pair. */
function splitsUnit(body: Uint8Array, index: number, alphabet: 'gsm7' | 'ucs2'): boolean {
  if (alphabet === 'ucs2') return body[index - 2]! >= 0xd8 && body[index - 2]! <= 0xdb;
  let escapes = 0;
  for (let i = index - 1; i >= 0 && body[i] === GSM7_ESCAPE; i--) escapes++;
  return escapes % 2 === 1;
}
