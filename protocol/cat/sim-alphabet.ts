// The SIM alphabet of alpha identifiers and item texts, ETSI TS 102 221 annex A: the GSM default
// alphabet unpacked (b8 = 0, 'FF' padding), or UCS2 in one of the schemes '80', '81' and '82'.
import { DecodeError } from '../bytes/index.ts';
import { decodeGsm7Septets, encodeGsm7Septets, isGsm7Encodable } from '../sms/gsm7-alphabet.ts';

const UCS2 = 0x80;
const UCS2_BASE_7 = 0x81;
const UCS2_BASE_16 = 0x82;
const PADDING = 0xff;

/**
 * Decodes an alpha field. `offset` is where the field starts in the whole message, for errors
 * (`CAT_BAD_ALPHA`). Trailing 'FF' padding is ignored.
 */
export function decodeSimAlphabet(bytes: Uint8Array, offset = 0): string {
  if (bytes.length === 0) return '';
  const first = bytes[0]!;
  if (first === UCS2) return decodeUcs2(bytes.subarray(1), offset + 1);
  if (first === UCS2_BASE_7 || first === UCS2_BASE_16) return decodeBased(bytes, offset);
  let end = bytes.indexOf(PADDING);
  if (end < 0) end = bytes.length;
  for (let i = end; i < bytes.length; i++) {
    if (bytes[i] !== PADDING) bad(offset + i, 'text after FF padding');
  }
  return gsmRun(bytes.subarray(0, end), offset);
}

/**
 * Encodes text as GSM default alphabet when every character has a septet, else as UCS2 with
 * the '80' scheme. RangeError for text containing lone surrogates.
 */
export function encodeSimAlphabet(text: string): Uint8Array {
  if (isGsm7Encodable(text)) return encodeGsm7Septets(text);
  const out = new Uint8Array(1 + 2 * text.length);
  out[0] = UCS2;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      throw new RangeError('UCS2 cannot carry characters outside the Basic Multilingual Plane');
    }
    out[1 + 2 * i] = unit >> 8;
    out[2 + 2 * i] = unit & 0xff;
  }
  return out;
}

function decodeUcs2(body: Uint8Array, offset: number): string {
  let out = '';
  let i = 0;
  for (; i + 1 < body.length; i += 2) {
    const unit = (body[i]! << 8) | body[i + 1]!;
    if (unit === 0xffff) break;
    out += String.fromCharCode(unit);
  }
  for (; i < body.length; i++) {
    if (body[i] !== PADDING) bad(offset + i, 'odd byte in a UCS2 alpha field');
  }
  return out;
}

/** Schemes '81' (8-bit base pointer, bits 15..8 of a 16-bit base) and '82' (16-bit base). */
function decodeBased(bytes: Uint8Array, offset: number): string {
  const header = bytes[0] === UCS2_BASE_7 ? 3 : 4;
  if (bytes.length < header) bad(offset, 'alpha field header truncated');
  const count = bytes[1]!;
  const base = header === 3 ? bytes[2]! << 7 : (bytes[2]! << 8) | bytes[3]!;
  if (header + count > bytes.length) bad(offset + 1, `${count} characters announced`);
  let out = '';
  let run: number[] = [];
  for (let i = header; i < header + count; i++) {
    const b = bytes[i]!;
    if (b < 0x80) {
      run.push(b);
      continue;
    }
    out += gsmRun(Uint8Array.from(run), offset + i) + String.fromCharCode(base + (b & 0x7f));
    run = [];
  }
  return out + gsmRun(Uint8Array.from(run), offset + header + count);
}

function gsmRun(septets: Uint8Array, offset: number): string {
  for (let i = 0; i < septets.length; i++) {
    if (septets[i]! >= 0x80) bad(offset + i, 'GSM default alphabet byte with b8 set');
  }
  return decodeGsm7Septets(septets);
}

function bad(offset: number, message: string): never {
  throw new DecodeError('CAT_BAD_ALPHA', offset, message);
}
