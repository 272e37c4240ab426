// ISO/IEC 7816-3 §9 protocol and parameters selection: request and response PPSS PPS0 [PPS1]
// [PPS2] [PPS3] PCK, the checksum, and the rules that make an exchange successful (§9.3).
import { ByteReader, ByteWriter, DecodeError } from '../bytes/index.ts';
import { DEFAULT_RATE_BYTE } from './transmission-parameters.ts';

/** The initial character of every PPS request and response. */
export const PPSS = 0xff;
/** Longest PPS message: PPSS, PPS0, PPS1..3 and PCK. */
export const PPS_MAX_LENGTH = 6;

/** A PPS request or response: protocol T and the optional parameter bytes. */
export interface Pps {
  /** Protocol type T (low nibble of PPS0). */
  readonly protocol: number;
  /** FI||DI (§9.2), as in TA1. */
  readonly pps1?: number;
  /** SPU usage (§9.2). */
  readonly pps2?: number;
  /** Reserved for future use. */
  readonly pps3?: number;
}

const OPTIONAL = [
  ['pps1', 0x10],
  ['pps2', 0x20],
  ['pps3', 0x40],
] as const;

/**
 * Decodes a PPS message, checking PPSS, the reserved bit 8 of PPS0 and PCK.
 *
 * @example
 * decodePps(fromHex('ff1096 79')); // { protocol: 0, pps1: 0x96 }
 */
export function decodePps(bytes: Uint8Array): Pps {
  const r = new ByteReader(bytes, 'PPS');
  if (r.u8() !== PPSS) throw new DecodeError('PPS_BAD_PPSS', 0, 'PPSS must be FF');
  const pps0 = r.u8();
  if (pps0 & 0x80) throw new DecodeError('PPS_BAD_PPS0', 1, 'bit 8 of PPS0 is reserved');
  const out: { protocol: number; pps1?: number; pps2?: number; pps3?: number } = {
    protocol: pps0 & 0x0f,
  };
  for (const [key, bit] of OPTIONAL) if (pps0 & bit) out[key] = r.u8();
  r.u8();
  let check = 0;
  for (let i = 0; i < r.offset; i++) check ^= bytes[i]!;
  if (check !== 0) throw new DecodeError('PPS_BAD_PCK', r.offset - 1, 'PCK does not check');
  r.expectEnd('PPS');
  return out;
}

/** Encodes a PPS message with its PCK. Throws RangeError for values out of range. */
export function encodePps(pps: Pps): Uint8Array {
  if (!Number.isInteger(pps.protocol) || pps.protocol < 0 || pps.protocol > 15) {
    throw new RangeError(`protocol T=${pps.protocol}`);
  }
  let pps0 = pps.protocol;
  for (const [key, bit] of OPTIONAL) if (pps[key] !== undefined) pps0 |= bit;
  const w = new ByteWriter(PPS_MAX_LENGTH).u8(PPSS).u8(pps0);
  for (const [key] of OPTIONAL) {
    const value = pps[key];
    if (value !== undefined) w.u8(value);
  }
  const body = w.finish();
  let check = 0;
  for (const b of body) check ^= b;
  return new ByteWriter(body.length + 1).bytes(body).u8(check).finish();
}

/**
 * Total length of the PPS message starting with `prefix`, or undefined while PPS0 is missing.
 * Throws DecodeError when the first byte is not PPSS.
 */
export function ppsLength(prefix: Uint8Array): number | undefined {
  if (prefix.length === 0) return undefined;
  if (prefix[0] !== PPSS) throw new DecodeError('PPS_BAD_PPSS', 0, 'PPSS must be FF');
  if (prefix.length < 2) return undefined;
  const pps0 = prefix[1]!;
  return 3 + OPTIONAL.filter(([, bit]) => pps0 & bit).length;
}

/** What the card does with a PPS request it checked (§9.3). */
export interface PpsPolicy {
  /** Protocols the card offers; a request for another one gets no response. */
  readonly protocols: readonly number[];
  /** Whether the card can run at this FI||DI; when it cannot, it answers without PPS1. */
  readonly acceptsRate: (pps1: number) => boolean;
}

/**
 * The card's response to a valid request: an echo when acceptable, PPS1 left out when the rate is
 * not (both then keep Fd and Dd), PPS2 and PPS3 left out; undefined (no response) for a protocol
 * the card does not offer.
 */
export function answerPps(request: Pps, policy: PpsPolicy): Pps | undefined {
  if (!policy.protocols.includes(request.protocol)) return undefined;
  if (request.pps1 === undefined || policy.acceptsRate(request.pps1)) return request;
  return { protocol: request.protocol };
}

/** Outcome of an exchange: the negotiated protocol and FI||DI, or why it failed. */
export type PpsOutcome =
  | { readonly accepted: true; readonly protocol: number; readonly rateByte: number }
  | { readonly accepted: false; readonly reason: string };

/** Applies the §9.3 rules to a request and the card's response. */
export function ppsOutcome(request: Pps, response: Pps): PpsOutcome {
  if (response.protocol !== request.protocol) {
    return { accepted: false, reason: 'response names another protocol' };
  }
  for (const [key] of OPTIONAL) {
    const answered = response[key];
    if (answered !== undefined && answered !== request[key]) {
      return { accepted: false, reason: `${key.toUpperCase()} differs from the request` };
    }
  }
  return {
    accepted: true,
    protocol: request.protocol,
    rateByte: response.pps1 ?? DEFAULT_RATE_BYTE,
  };
}
