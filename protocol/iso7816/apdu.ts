// ISO/IEC 7816-4 §5.1 command-response pairs: command APDU cases 1 to 4, short and extended
// length fields, and the response APDU (data || SW1 SW2).
import { ByteReader, ByteWriter, DecodeError } from '../bytes/index.ts';

/** A command APDU. `ne` is the expected response length Ne (1..65536); absent in cases 1 and 3. */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
  readonly ne?: number;
}

/** A response APDU: the response data field and the two status bytes as one number (`0x9000`). */
export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw: number;
}

/** ISO 7816-3 §12.1.2 command cases: 1 no data, 2 Le only, 3 Lc and data, 4 both. */
export type ApduCase = 1 | 2 | 3 | 4;

/** Largest Ne a short Le field carries (Le = 00 means 256). */
export const SHORT_NE_MAX = 256;
/** Largest Ne an extended Le field carries (Le = 0000 means 65536). */
export const EXTENDED_NE_MAX = 65536;

export function apduCase(apdu: CommandApdu): ApduCase {
  const hasData = apdu.data.length > 0;
  const hasNe = apdu.ne !== undefined;
  if (hasData) return hasNe ? 4 : 3;
  return hasNe ? 2 : 1;
}

export function commandApdu(
  cla: number,
  ins: number,
  p1: number,
  p2: number,
  data: Uint8Array = new Uint8Array(0),
  ne?: number,
): CommandApdu {
  return ne === undefined ? { cla, ins, p1, p2, data } : { cla, ins, p1, p2, data, ne };
}

/** Encodes with short fields where they suffice, extended ones otherwise (§5.1, table 1). */
export function encodeCommandApdu(apdu: CommandApdu): Uint8Array {
  const { data, ne } = apdu;
  if (data.length > 65535) throw new RangeError('command data longer than 65535 bytes');
  if (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > EXTENDED_NE_MAX)) {
    throw new RangeError(`Ne ${ne} is outside 1..65536`);
  }
  const w = new ByteWriter(data.length + 9).u8(apdu.cla).u8(apdu.ins).u8(apdu.p1).u8(apdu.p2);
  const extended = data.length > 255 || (ne !== undefined && ne > SHORT_NE_MAX);
  if (!extended) {
    if (data.length > 0) w.u8(data.length).bytes(data);
    if (ne !== undefined) w.u8(ne === SHORT_NE_MAX ? 0 : ne);
    return w.finish();
  }
  w.u8(0);
  if (data.length > 0) w.u16(data.length).bytes(data);
  if (ne !== undefined) w.u16(ne === EXTENDED_NE_MAX ? 0 : ne);
  return w.finish();
}

/** Decodes a command APDU, telling the case from the length alone (§5.1). */
export function decodeCommandApdu(bytes: Uint8Array): CommandApdu {
  const r = new ByteReader(bytes, 'APDU');
  const cla = r.u8();
  const ins = r.u8();
  const p1 = r.u8();
  const p2 = r.u8();
  if (r.atEnd) return { cla, ins, p1, p2, data: new Uint8Array(0) };
  const first = r.u8();
  if (r.atEnd) return { cla, ins, p1, p2, data: new Uint8Array(0), ne: first === 0 ? 256 : first };
  if (first !== 0) {
    // Short Lc: data, then an optional one-byte Le.
    const data = r.take(first);
    if (r.atEnd) return { cla, ins, p1, p2, data };
    const le = r.u8();
    r.expectEnd('command APDU');
    return { cla, ins, p1, p2, data, ne: le === 0 ? 256 : le };
  }
  // Extended: 00 then two bytes, either Le (case 2E) or Lc (cases 3E, 4E).
  const value = r.u16();
  if (r.atEnd)
    return { cla, ins, p1, p2, data: new Uint8Array(0), ne: value === 0 ? 65536 : value };
  if (value === 0) throw new DecodeError('APDU_LC_MISMATCH', 5, 'extended Lc of zero');
  const data = r.take(value);
  if (r.atEnd) return { cla, ins, p1, p2, data };
  const le = r.u16();
  r.expectEnd('command APDU');
  return { cla, ins, p1, p2, data, ne: le === 0 ? 65536 : le };
}

export function encodeResponseApdu(response: ResponseApdu): Uint8Array {
  return new ByteWriter(response.data.length + 2).bytes(response.data).u16(response.sw).finish();
}

export function decodeResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) {
    throw new DecodeError('APDU_TRUNCATED', bytes.length, 'a response APDU needs SW1 SW2');
  }
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

export function responseApdu(sw: number, data: Uint8Array = new Uint8Array(0)): ResponseApdu {
  return { data, sw };
}

export const sw1 = (sw: number): number => sw >> 8;
export const sw2 = (sw: number): number => sw & 0xff;
