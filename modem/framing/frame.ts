// Frames of the voice-channel link: data frames `<seq><payload><CRC:5 digits>#` protected by
// CRC-16/CCITT (crc16.ts), and 5-symbol control frames `*<type><value><check>#` whose check digit
// (3·type + 7·value mod 10) catches any single wrong digit. A data frame never starts with `*`.
import { DecodeError } from '../../protocol/bytes/index.ts';
import { crcDigits } from './crc16.ts';

/** Longest frame accepted, in symbols. */
export const MAX_FRAME_SYMBOLS = 512;

/** Control frame types and their type digit. */
export const CONTROL_TYPES = { ack: 1, nak: 2, hello: 3, select: 4 } as const;
export type ControlType = keyof typeof CONTROL_TYPES;

/** A data frame: a sequence digit (0-9) and a payload of `0-9` and `*` symbols. */
export interface DataFrame {
  readonly kind: 'data';
  readonly seq: number;
  readonly payload: string;
}

/** A control frame: ACK/NAK of a sequence number, or the call set-up HELLO/SELECT with a mode digit. */
export interface ControlFrame {
  readonly kind: 'control';
  readonly type: ControlType;
  readonly value: number;
}

export type Frame = DataFrame | ControlFrame;

function checkDigit(type: number, value: number): number {
  return (3 * type + 7 * value) % 10;
}

/** Encodes a frame as DTMF symbols ending in `#`. */
export function encodeFrame(frame: Frame): string {
  if (frame.kind === 'control') {
    const type = CONTROL_TYPES[frame.type];
    if (!Number.isInteger(frame.value) || frame.value < 0 || frame.value > 9)
      throw new RangeError('a control value is one digit');
    return `*${type}${frame.value}${checkDigit(type, frame.value)}#`;
  }
  if (!Number.isInteger(frame.seq) || frame.seq < 0 || frame.seq > 9)
    throw new RangeError('a sequence number is one digit');
  if (!/^[0-9*]+$/.test(frame.payload)) throw new RangeError('a payload holds 0-9 and * only');
  const body = `${frame.seq}${frame.payload}`;
  if (body.length + 6 > MAX_FRAME_SYMBOLS) throw new RangeError('payload too long for a frame');
  return `${body}${crcDigits(body)}#`;
}

function decodeControl(symbols: string): ControlFrame {
  if (!/^\*\d\d\d#$/.test(symbols))
    throw new DecodeError('FRAME_BAD_CONTROL', 0, 'a control frame is *, 3 digits and #');
  const type = Number(symbols[1]);
  const value = Number(symbols[2]);
  if (Number(symbols[3]) !== checkDigit(type, value))
    throw new DecodeError('FRAME_BAD_CHECK', 3, 'control check digit does not match');
  const name = (Object.keys(CONTROL_TYPES) as ControlType[]).find((k) => CONTROL_TYPES[k] === type);
  if (!name) throw new DecodeError('FRAME_BAD_CONTROL', 1, `no control type ${type}`);
  return { kind: 'control', type: name, value };
}

/** Decodes one whole frame (ending in `#`); throws DecodeError `FRAME_*` when damaged. */
export function decodeFrame(symbols: string): Frame {
  if (symbols.length > MAX_FRAME_SYMBOLS)
    throw new DecodeError('FRAME_TOO_LONG', MAX_FRAME_SYMBOLS, 'frame too long');
  const bad = symbols.search(/[^0-9*#]/);
  if (bad >= 0) throw new DecodeError('FRAME_BAD_SYMBOL', bad, `'${symbols[bad]}' is not a key`);
  const end = symbols.indexOf('#');
  if (end < 0) throw new DecodeError('FRAME_NO_TERMINATOR', symbols.length, 'no # at the end');
  if (end !== symbols.length - 1)
    throw new DecodeError('FRAME_TRAILING', end + 1, 'symbols after #');
  if (symbols.startsWith('*')) return decodeControl(symbols);
  if (symbols.length < 8)
    throw new DecodeError('FRAME_TOO_SHORT', symbols.length, 'data frame too short');
  const body = symbols.slice(0, -6);
  const crc = symbols.slice(-6, -1);
  if (!/^\d{5}$/.test(crc) || crcDigits(body) !== crc)
    throw new DecodeError('FRAME_BAD_CRC', body.length, 'CRC does not match');
  return { kind: 'data', seq: Number(body[0]), payload: body.slice(1) };
}
