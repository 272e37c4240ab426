// Text string data object, ETSI TS 102 223 §8.15 (also Default text §8.23): a data coding scheme
// byte (TS 23.038 §4) and the text in the GSM default alphabet packed, unpacked (8-bit) or UCS2.
import { decodeGsm7Septets, encodeGsm7Septets } from '../sms/gsm7-alphabet.ts';
import { packSeptets, unpackSeptets } from '../sms/septet-packing.ts';
import { catError, type LocatedTlv } from './object-list.ts';

/** The three codings a text string uses: DCS 00, 04 and 08. */
export type TextCoding = 'gsm7Packed' | 'gsm8' | 'ucs2';

/** A text string. A null text string (length 0, no DCS) is represented by `null`. */
export interface TextString {
  readonly coding: TextCoding;
  readonly text: string;
}

const CODING_DCS: Readonly<Record<TextCoding, number>> = {
  gsm7Packed: 0x00,
  gsm8: 0x04,
  ucs2: 0x08,
};
const CR = 0x0d;

/**
 * The coding a TS 23.038 DCS implies, or undefined for compressed or reserved schemes.
 * Message class and waiting-indication bits do not matter to a text string.
 */
export function textCodingOfDcs(dcs: number): TextCoding | undefined {
  if (dcs < 0x80) {
    if ((dcs & 0x20) !== 0) return undefined;
    return (['gsm7Packed', 'gsm8', 'ucs2', undefined] as const)[(dcs >> 2) & 3];
  }
  if (dcs >= 0xf0) return (dcs & 0x04) !== 0 ? 'gsm8' : 'gsm7Packed';
  if (dcs >= 0xe0) return 'ucs2';
  if (dcs >= 0xc0) return 'gsm7Packed';
  return undefined;
}

/** Decodes a text string or default text object (`CAT_BAD_DCS`, `CAT_BAD_TEXT` on errors). */
export function decodeTextString(tlv: LocatedTlv): TextString | null {
  if (tlv.value.length === 0) return null;
  const dcs = tlv.value[0]!;
  const coding = textCodingOfDcs(dcs);
  if (coding === undefined)
    catError('BAD_DCS', tlv.offset, `data coding scheme ${dcs} not supported`);
  return { coding, text: decodeText(coding, tlv.value.subarray(1), tlv.offset) };
}

/**
 * Encodes DCS and text. Packed text whose last septet would leave 7 spare bits gets a CR fill
 * septet, which the decoder removes (TS 23.038 §6.1.2.3.1). RangeError for unencodable text.
 */
export function encodeTextString(t: TextString | null): Uint8Array {
  if (t === null) return new Uint8Array(0);
  const body = encodeText(t);
  const out = new Uint8Array(1 + body.length);
  out[0] = CODING_DCS[t.coding];
  out.set(body, 1);
  return out;
}

function decodeText(coding: TextCoding, body: Uint8Array, offset: number): string {
  if (coding === 'ucs2') {
    if (body.length % 2 !== 0) catError('BAD_TEXT', offset, 'UCS2 text of an odd length');
    let out = '';
    for (let i = 0; i < body.length; i += 2)
      out += String.fromCharCode((body[i]! << 8) | body[i + 1]!);
    return out;
  }
  if (coding === 'gsm8') {
    const high = body.findIndex((b) => b >= 0x80);
    if (high >= 0) catError('BAD_TEXT', offset + 1 + high, 'GSM 8-bit text with b8 set');
    return decodeGsm7Septets(body);
  }
  const count = Math.floor((body.length * 8) / 7);
  let septets = unpackSeptets(body, count);
  if (count > 0 && count % 8 === 0 && septets[count - 1] === CR)
    septets = septets.subarray(0, count - 1);
  return decodeGsm7Septets(septets);
}

function encodeText(t: TextString): Uint8Array {
  if (t.coding === 'ucs2') {
    const out = new Uint8Array(2 * t.text.length);
    for (let i = 0; i < t.text.length; i++) {
      out[2 * i] = t.text.charCodeAt(i) >> 8;
      out[2 * i + 1] = t.text.charCodeAt(i) & 0xff;
    }
    return out;
  }
  const septets = encodeGsm7Septets(t.text);
  if (t.coding === 'gsm8') return septets;
  const n = septets.length;
  const needsFill = n % 8 === 7 || (n > 0 && n % 8 === 0 && septets[n - 1] === CR);
  if (!needsFill) return packSeptets(septets);
  const filled = new Uint8Array(n + 1);
  filled.set(septets);
  filled[n] = CR;
  return packSeptets(filled);
}
