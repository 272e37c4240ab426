// ISO/IEC 7816-3 §8 Answer-to-Reset: TS, T0, interface bytes TAi/TBi/TCi/TDi, historical bytes
// and the check byte TCK (§8.2.5), at most 33 bytes including TS (§8.2.1).
import { ByteReader, ByteWriter, DecodeError } from '../bytes/index.ts';
import { DEFAULT_RATE_BYTE, rateFactors, type RateFactors } from './transmission-parameters.ts';

/** Largest ATR, TS included (§8.2.1: at most 32 characters after TS). */
export const ATR_MAX_LENGTH = 33;
/** TS of the direct convention (§8.1). */
export const TS_DIRECT = 0x3b;
/** TS of the inverse convention, as a character value (§8.1). */
export const TS_INVERSE = 0x3f;

/** Bit order and polarity on the I/O line, told by TS. */
export type Convention = 'direct' | 'inverse';

/**
 * Interface bytes of group i (i = 1, 2, ...): TAi, TBi, TCi and, when TDi is present, the
 * protocol T it announces (its low nibble). The presence bits of TDi are derived on encoding.
 */
export interface AtrGroup {
  readonly ta?: number;
  readonly tb?: number;
  readonly tc?: number;
  readonly t?: number;
}

/** A decoded ATR. `groups[0]` holds TA1 TB1 TC1 and T of TD1. */
export interface Atr {
  readonly convention: Convention;
  readonly groups: readonly AtrGroup[];
  readonly historical: Uint8Array;
}

/**
 * The character value of a byte sampled in the direct convention when the card uses the inverse
 * one: bits reversed and inverted (§8.1). The mapping is its own inverse; `03` becomes `3F`.
 */
export function inverseConventionByte(byte: number): number {
  let out = 0;
  for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) out |= 0x80 >> bit;
  return ~out & 0xff;
}

/** The protocols offered: the T of every TDi except T=15 (global bytes), or [0] without TD1. */
export function atrProtocols(atr: Atr): readonly number[] {
  const out: number[] = [];
  for (const g of atr.groups) {
    if (g.t !== undefined && g.t !== 15 && !out.includes(g.t)) out.push(g.t);
  }
  return out.length > 0 ? out : [0];
}

/** TCK is present unless T=0 is the only protocol indicated (§8.2.5). */
export function atrNeedsTck(atr: Atr): boolean {
  return atr.groups.some((g) => g.t !== undefined && g.t !== 0);
}

/**
 * The work waiting integer WI from TC2 (§10.2), which counts only when TD1 announces T=0; 10 when
 * absent. WI = 0 is reserved and is returned as is (`workWaitingTime` rejects it).
 */
export function atrWaitingIntegerWi(atr: Atr): number {
  const tc2 = atr.groups[0]?.t === 0 ? atr.groups[1]?.tc : undefined;
  return tc2 ?? 10;
}

/** Fi, Di and f(max) offered by TA1 (defaults Fd = 372, Dd = 1); undefined when TA1 is RFU. */
export function atrRateFactors(atr: Atr): RateFactors | undefined {
  return rateFactors(atr.groups[0]?.ta ?? DEFAULT_RATE_BYTE);
}

/** The extra guard time integer N from TC1 (§8.3), 0 when absent. */
export function atrExtraGuardTime(atr: Atr): number {
  return atr.groups[0]?.tc ?? 0;
}

/**
 * Decodes an ATR whose bytes are character values (a reader that sampled an inverse-convention
 * card in the direct convention first maps every byte through `inverseConventionByte`).
 *
 * @example
 * const atr = decodeAtr(fromHex('3b9f96801fc78031a073be21136743200718000001a5'));
 * atrProtocols(atr); // [0]  (TD2 carries T=15: global interface bytes, TCK present)
 */
export function decodeAtr(bytes: Uint8Array): Atr {
  if (bytes.length > ATR_MAX_LENGTH) {
    throw new DecodeError('ATR_TOO_LONG', ATR_MAX_LENGTH, `${bytes.length} bytes, at most 33`);
  }
  const r = new ByteReader(bytes, 'ATR');
  const convention = readTs(r);
  const t0 = r.u8();
  const groups = readGroups(r, t0 >> 4);
  const historical = r.take(t0 & 0x0f);
  const atr: Atr = { convention, groups, historical };
  if (atrNeedsTck(atr)) {
    r.u8();
    let check = 0;
    for (let i = 1; i < bytes.length; i++) check ^= bytes[i]!;
    if (check !== 0) throw new DecodeError('ATR_BAD_TCK', r.offset - 1, 'TCK does not check');
  }
  r.expectEnd('ATR');
  return atr;
}

function readTs(r: ByteReader): Convention {
  const ts = r.u8();
  if (ts === TS_DIRECT) return 'direct';
  if (ts === TS_INVERSE) return 'inverse';
  throw new DecodeError('ATR_BAD_TS', 0, `TS ${ts.toString(16)} is neither 3B nor 3F`);
}

function readGroups(r: ByteReader, firstY: number): AtrGroup[] {
  const groups: AtrGroup[] = [];
  let y = firstY;
  while (y !== 0) {
    const group: { ta?: number; tb?: number; tc?: number; t?: number } = {};
    if (y & 1) group.ta = r.u8();
    if (y & 2) group.tb = r.u8();
    if (y & 4) group.tc = r.u8();
    let next = 0;
    if (y & 8) {
      const td = r.u8();
      group.t = td & 0x0f;
      next = td >> 4;
    }
    groups.push(group);
    y = next;
  }
  return groups;
}

/**
 * Encodes an ATR; TCK is appended when required. Throws RangeError for values out of range or
 * more than 33 bytes.
 */
export function encodeAtr(atr: Atr): Uint8Array {
  if (atr.historical.length > 15) throw new RangeError('at most 15 historical bytes');
  if (atr.groups.some((g, i) => g.t === undefined && i < atr.groups.length - 1)) {
    throw new RangeError('only the last group of interface bytes may lack TD');
  }
  const w = new ByteWriter(ATR_MAX_LENGTH);
  w.u8(atr.convention === 'direct' ? TS_DIRECT : TS_INVERSE);
  w.u8((presence(atr.groups[0]) << 4) | atr.historical.length);
  atr.groups.forEach((g, i) => {
    if (g.ta !== undefined) w.u8(g.ta);
    if (g.tb !== undefined) w.u8(g.tb);
    if (g.tc !== undefined) w.u8(g.tc);
    if (g.t !== undefined) w.u8((presence(atr.groups[i + 1]) << 4) | checkNibble(g.t));
  });
  w.bytes(atr.historical);
  const body = w.finish();
  const out = atrNeedsTck(atr) ? withTck(body) : body;
  if (out.length > ATR_MAX_LENGTH) throw new RangeError(`ATR of ${out.length} bytes, at most 33`);
  return out;
}

function presence(group: AtrGroup | undefined): number {
  if (group === undefined) return 0;
  const bit = (value: number | undefined, b: number): number => (value === undefined ? 0 : b);
  return bit(group.ta, 1) | bit(group.tb, 2) | bit(group.tc, 4) | bit(group.t, 8);
}

function checkNibble(t: number): number {
  if (!Number.isInteger(t) || t < 0 || t > 15) throw new RangeError(`protocol T=${t}`);
  return t;
}

function withTck(body: Uint8Array): Uint8Array {
  let check = 0;
  for (let i = 1; i < body.length; i++) check ^= body[i]!;
  const out = new Uint8Array(body.length + 1);
  out.set(body);
  out[body.length] = check;
  return out;
}

/**
 * How many bytes the ATR whose first bytes are `prefix` (character values) has in total, or
 * undefined while the prefix is too short to tell. Throws DecodeError for a bad TS.
 */
export function atrLength(prefix: Uint8Array): number | undefined {
  if (prefix.length === 0) return undefined;
  if (prefix[0] !== TS_DIRECT && prefix[0] !== TS_INVERSE) {
    throw new DecodeError('ATR_BAD_TS', 0, `TS ${prefix[0]!.toString(16)} is neither 3B nor 3F`);
  }
  if (prefix.length < 2) return undefined;
  let position = 2;
  let y = prefix[1]! >> 4;
  let tck = false;
  while (y !== 0) {
    position += popCount(y & 7);
    if (!(y & 8)) break;
    if (position >= prefix.length) return undefined;
    const td = prefix[position]!;
    if ((td & 0x0f) !== 0) tck = true;
    position += 1;
    y = td >> 4;
  }
  return position + (prefix[1]! & 0x0f) + (tck ? 1 : 0);
}

function popCount(n: number): number {
  return (n & 1) + ((n >> 1) & 1) + ((n >> 2) & 1);
}
