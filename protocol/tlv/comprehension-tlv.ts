// COMPREHENSION-TLV data objects, ETSI TS 101 220 §7.1.2 and TS 102 223 annex C: a tag in the
// single-byte format (CR flag b8, tag value '01'..'7E') or the three-byte format ('7F', then CR
// flag and a 15-bit tag value), and a length of one byte or '81' plus one byte.
import { ByteReader, ByteWriter, DecodeError } from '../bytes/index.ts';
import { readBerLength } from './ber-tlv.ts';

/** One COMPREHENSION-TLV object. `tag` excludes the comprehension-required (CR) flag. */
export interface ComprehensionTlv {
  readonly tag: number;
  readonly comprehensionRequired: boolean;
  readonly value: Uint8Array;
}

/** Largest value length (two-byte length field `81 FF`, TS 102 223 annex C). */
export const COMPREHENSION_TLV_MAX_VALUE_LENGTH = 0xff;
/** Largest tag value (three-byte format). */
export const COMPREHENSION_TLV_MAX_TAG = 0x7fff;
/** Default limit on objects per sequence (a 255-byte body holds at most 127 of them). */
export const COMPREHENSION_TLV_MAX_OBJECTS = 128;

const THREE_BYTE_FORMAT = 0x7f;

/**
 * Reads a tag field, returning the tag value and the CR flag. `00`, `80` and `FF` are not tags;
 * a three-byte tag value of zero is refused.
 */
export function readComprehensionTag(r: ByteReader): { tag: number; cr: boolean } {
  const start = r.offset;
  const first = r.u8();
  if (first === THREE_BYTE_FORMAT) {
    const high = r.u8();
    const low = r.u8();
    const tag = ((high & 0x7f) << 8) | low;
    if (tag === 0) throw new DecodeError('CTLV_BAD_TAG', start, 'three-byte tag value 0000');
    return { tag, cr: (high & 0x80) !== 0 };
  }
  if (first === 0x00 || first === 0x80 || first === 0xff) {
    throw new DecodeError('CTLV_BAD_TAG', start, `'${first.toString(16)}' is not a tag`);
  }
  return { tag: first & 0x7f, cr: (first & 0x80) !== 0 };
}

/** Reads one object from the cursor. */
export function readComprehensionTlv(r: ByteReader): ComprehensionTlv {
  const { tag, cr } = readComprehensionTag(r);
  const length = readBerLength(r, COMPREHENSION_TLV_MAX_VALUE_LENGTH);
  return { tag, comprehensionRequired: cr, value: r.take(length) };
}

/** Decodes exactly one object; trailing bytes are an error. */
export function decodeComprehensionTlv(bytes: Uint8Array): ComprehensionTlv {
  const r = new ByteReader(bytes, 'CTLV');
  const tlv = readComprehensionTlv(r);
  r.expectEnd('COMPREHENSION-TLV object');
  return tlv;
}

/** Reads objects until the cursor is exhausted. */
export function readComprehensionTlvs(
  r: ByteReader,
  maxObjects = COMPREHENSION_TLV_MAX_OBJECTS,
): ComprehensionTlv[] {
  const out: ComprehensionTlv[] = [];
  while (!r.atEnd) {
    if (out.length === maxObjects) r.fail('TOO_MANY', `more than ${maxObjects} objects`);
    out.push(readComprehensionTlv(r));
  }
  return out;
}

/** Decodes back-to-back objects filling `bytes`; `baseOffset` shifts error offsets. */
export function decodeComprehensionTlvSequence(
  bytes: Uint8Array,
  baseOffset = 0,
  maxObjects = COMPREHENSION_TLV_MAX_OBJECTS,
): ComprehensionTlv[] {
  return readComprehensionTlvs(new ByteReader(bytes, 'CTLV', baseOffset), maxObjects);
}

/**
 * The tag field: single-byte format for tag values 01..7E, three-byte format above.
 * RangeError for 0 or a value above 7FFF.
 */
export function encodeComprehensionTag(tag: number, comprehensionRequired: boolean): Uint8Array {
  if (!Number.isInteger(tag) || tag < 1 || tag > COMPREHENSION_TLV_MAX_TAG) {
    throw new RangeError(`${tag} is not a COMPREHENSION-TLV tag value`);
  }
  const cr = comprehensionRequired ? 0x80 : 0;
  if (tag < THREE_BYTE_FORMAT) return Uint8Array.of(cr | tag);
  return Uint8Array.of(THREE_BYTE_FORMAT, cr | (tag >> 8), tag & 0xff);
}

/** Encodes one object; RangeError when the value is longer than 255 bytes. */
export function encodeComprehensionTlv(tlv: ComprehensionTlv): Uint8Array {
  const length = tlv.value.length;
  if (length > COMPREHENSION_TLV_MAX_VALUE_LENGTH) {
    throw new RangeError(`COMPREHENSION-TLV value of ${length} bytes exceeds 255`);
  }
  const w = new ByteWriter(length + 5).bytes(
    encodeComprehensionTag(tlv.tag, tlv.comprehensionRequired),
  );
  if (length >= 0x80) w.u8(0x81);
  return w.u8(length).bytes(tlv.value).finish();
}

/** Encodes objects back to back. */
export function encodeComprehensionTlvSequence(tlvs: readonly ComprehensionTlv[]): Uint8Array {
  const w = new ByteWriter();
  for (const tlv of tlvs) w.bytes(encodeComprehensionTlv(tlv));
  return w.finish();
}
