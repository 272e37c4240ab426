// Shared pieces of the proactive command codecs (ETSI TS 102 223 §6.6): the header every
// command carries and helpers to read optional objects.
import type { ComprehensionTlv } from '../../tlv/index.ts';
import type { LocatedTlv, ObjectBag } from '../object-list.ts';
import { Tag } from '../tags.ts';

/** Fields every decoded proactive command has. */
export interface CommandBase {
  /** Command number from the command details, echoed in the TERMINAL RESPONSE. */
  readonly commandNumber: number;
  /** Objects this codec does not interpret (text attributes, frame identifiers, ...), in order. */
  readonly otherObjects?: readonly ComprehensionTlv[];
}

/** Decodes an optional object, or gives undefined. */
export function maybe<T>(tlv: LocatedTlv | undefined, decode: (t: LocatedTlv) => T): T | undefined {
  return tlv === undefined ? undefined : decode(tlv);
}

/** Drops keys whose value is undefined, so optional fields are absent rather than undefined. */
export function pruned<T>(fields: { readonly [key: string]: unknown }): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as T;
}

/** Tests bit `n` (1 = LSB, as the specification numbers them) of a qualifier. */
export function bit(qualifier: number, n: number): boolean {
  return (qualifier & (1 << (n - 1))) !== 0;
}

/** Builds a qualifier from bit numbers that are set. */
export function bits(...set: readonly (number | false)[]): number {
  let q = 0;
  for (const n of set) if (n !== false) q |= 1 << (n - 1);
  return q;
}

/** Offset of the qualifier byte in the message, for errors about it. */
export function qualifierOffset(bag: ObjectBag): number {
  const details = bag.objects.find((o) => o.tag === Tag.commandDetails);
  return details === undefined ? 0 : details.offset + 4;
}
