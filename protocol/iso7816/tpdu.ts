// ISO/IEC 7816-3 §10.3.2-§10.3.3 T=0 command header CLA INS P1 P2 P3 and the procedure bytes a
// card sends (NULL 60, ACK INS, ACK ~INS, or SW1), shared by the card side, the reader side and
// trace decoders.
import { ByteReader, DecodeError } from '../bytes/index.ts';
import { isSw1 } from './status-words.ts';

/** The five-byte T=0 command header. */
export interface TpduHeader {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly p3: number;
}

/** Length of a T=0 command header. */
export const TPDU_HEADER_LENGTH = 5;
/** Longest command TPDU: header and 255 data bytes (P3 = Lc ≤ 255). */
export const TPDU_MAX_LENGTH = 260;
/** The NULL procedure byte: the card asks for more time (§10.3.3). */
export const NULL_PROCEDURE_BYTE = 0x60;

/** Decodes a five-byte header; CLA FF (PPSS) and INS 6X or 9X are invalid (§10.3.2). */
export function decodeTpduHeader(bytes: Uint8Array): TpduHeader {
  const r = new ByteReader(bytes, 'TPDU');
  const header = { cla: r.u8(), ins: r.u8(), p1: r.u8(), p2: r.u8(), p3: r.u8() };
  r.expectEnd('TPDU header');
  if (header.cla === 0xff) throw new DecodeError('TPDU_BAD_CLA', 0, 'CLA FF is reserved for PPS');
  if (!isValidIns(header.ins)) {
    throw new DecodeError('TPDU_BAD_INS', 1, `INS ${header.ins.toString(16)} is 6X or 9X`);
  }
  return header;
}

/** Encodes a header. */
export function encodeTpduHeader(h: TpduHeader): Uint8Array {
  return Uint8Array.of(h.cla, h.ins, h.p1, h.p2, h.p3);
}

/** False for INS values 6X and 9X, which a T=0 card cannot acknowledge (§10.3.2). */
export function isValidIns(ins: number): boolean {
  const high = ins & 0xf0;
  return high !== 0x60 && high !== 0x90;
}

/** A whole command TPDU as exchanged over a TPDU-level link: header and Lc data (or none). */
export interface CommandTpdu {
  readonly header: TpduHeader;
  readonly data: Uint8Array;
}

/**
 * Decodes header plus data. The TPDU must be 5 bytes (no data, P3 is Le or 0) or 5 + P3 bytes
 * (P3 = Lc); anything shorter than 5 or longer than 260 bytes is rejected.
 */
export function decodeCommandTpdu(bytes: Uint8Array): CommandTpdu {
  if (bytes.length < TPDU_HEADER_LENGTH || bytes.length > TPDU_MAX_LENGTH) {
    throw new DecodeError('TPDU_BAD_LENGTH', 0, `${bytes.length} bytes, want 5..260`);
  }
  const header = decodeTpduHeader(bytes.subarray(0, TPDU_HEADER_LENGTH));
  const data = bytes.slice(TPDU_HEADER_LENGTH);
  if (data.length !== 0 && data.length !== header.p3) {
    throw new DecodeError('TPDU_LC_MISMATCH', 4, `P3 ${header.p3} but ${data.length} data bytes`);
  }
  return { header, data };
}

/** How a card byte read where a procedure byte is due is to be taken (§10.3.3). */
export type ProcedureByte = 'null' | 'ack-all' | 'ack-one' | 'sw1' | 'invalid';

/** Classifies a procedure byte for the command with instruction `ins`. */
export function classifyProcedureByte(byte: number, ins: number): ProcedureByte {
  if (byte === NULL_PROCEDURE_BYTE) return 'null';
  if (byte === ins) return 'ack-all';
  if (byte === (ins ^ 0xff)) return 'ack-one';
  if (isSw1(byte)) return 'sw1';
  return 'invalid';
}

/** The number of bytes P3 stands for when the card sends data: 0 means 256 (§10.3.2). */
export const p3ToLe = (p3: number): number => (p3 === 0 ? 256 : p3);
