// BER-TLV data objects as profiled by ETSI TS 101 220 §7.1.1 (ISO/IEC 8825-1 tag and length
// coding, ISO/IEC 7816-4 §5.2.2): tags of 1 to 3 bytes, definite lengths of at most 3 bytes.
import { ByteReader, ByteWriter, DecodeError } from '../bytes/index.ts';

/** One BER-TLV data object. `tag` holds the tag bytes big-endian (`0xd0`, `0x7f21`, `0x9f8101`). */
export interface BerTlv {
  readonly tag: number;
  readonly value: Uint8Array;
}

/** Largest value length the length field may announce (`82 FF FF`, TS 101 220 table 7.1). */
export const BER_TLV_MAX_VALUE_LENGTH = 0xffff;
/** Default limit on the number of objects a sequence decoder accepts. */
export const BER_TLV_MAX_OBJECTS = 512;

/** True for a constructed tag (b6 of the first tag byte, ISO/IEC 8825-1 §8.1.2.5). */
export function berTagIsConstructed(tag: number): boolean {
  return (firstTagByte(tag) & 0x20) !== 0;
}

/** The class bits b8 b7 of the first tag byte: 0 universal, 1 application, 2 context, 3 private. */
export function berTagClass(tag: number): 0 | 1 | 2 | 3 {
  return (firstTagByte(tag) >> 6) as 0 | 1 | 2 | 3;
}

/**
 * Reads a tag field. `00` and `FF` are not tags (ISO/IEC 7816-4 padding); a subsequent byte
 * `80` or `00`..`1E` in the second position is not minimal; more than three bytes is refused.
 */
export function readBerTag(r: ByteReader): number {
  const start = r.offset;
  const first = r.u8();
  if (first === 0x00 || first === 0xff) badTag(start, `'${hex2(first)}' is not a tag`);
  if ((first & 0x1f) !== 0x1f) return first;
  const second = r.u8();
  if (second < 0x1f || second === 0x80) badTag(start, 'tag number not in minimal form');
  if ((second & 0x80) === 0) return (first << 8) | second;
  const third = r.u8();
  if ((third & 0x80) !== 0) badTag(start, 'tag longer than 3 bytes');
  return (first << 16) | (second << 8) | third;
}

/**
 * Reads a definite length field: `00`..`7F`, `81 80`..`81 FF`, `82 0100`..`82 FFFF`.
 * The indefinite form `80`, non-minimal forms and lengths above `max` are refused.
 */
export function readBerLength(r: ByteReader, max = BER_TLV_MAX_VALUE_LENGTH): number {
  const start = r.offset;
  const first = r.u8();
  let length: number;
  if (first < 0x80) length = first;
  else if (first === 0x81) {
    length = r.u8();
    if (length < 0x80) badLength(r, start, `81 ${hex2(length)} is not minimal`);
  } else if (first === 0x82) {
    length = r.u16();
    if (length < 0x100) badLength(r, start, `82 ${length.toString(16)} is not minimal`);
  } else if (first === 0x80) badLength(r, start, 'indefinite length is not allowed');
  else badLength(r, start, `length form ${hex2(first)} is not supported`);
  if (length > max) badLength(r, start, `length ${length} exceeds the limit of ${max}`);
  return length;
}

/** Reads one BER-TLV object from the cursor. */
export function readBerTlv(r: ByteReader): BerTlv {
  const tag = readBerTag(r);
  const length = readBerLength(r);
  return { tag, value: r.take(length) };
}

/** Decodes exactly one BER-TLV object; trailing bytes are an error. */
export function decodeBerTlv(bytes: Uint8Array): BerTlv {
  const r = new ByteReader(bytes, 'TLV');
  const tlv = readBerTlv(r);
  r.expectEnd('BER-TLV object');
  return tlv;
}

/** Decodes back-to-back BER-TLV objects filling `bytes` (an empty input gives none). */
export function decodeBerTlvSequence(
  bytes: Uint8Array,
  maxObjects = BER_TLV_MAX_OBJECTS,
): BerTlv[] {
  const r = new ByteReader(bytes, 'TLV');
  const out: BerTlv[] = [];
  while (!r.atEnd) {
    if (out.length === maxObjects) r.fail('TOO_MANY', `more than ${maxObjects} objects`);
    out.push(readBerTlv(r));
  }
  return out;
}

/** The tag field bytes for `tag`; RangeError when `tag` is not a valid 1 to 3 byte tag. */
export function encodeBerTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffff) {
    throw new RangeError(`${tag} is not a BER-TLV tag`);
  }
  const size = tag > 0xffff ? 3 : tag > 0xff ? 2 : 1;
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (tag >> (8 * (size - 1 - i))) & 0xff;
  try {
    const r = new ByteReader(bytes, 'TLV');
    if (readBerTag(r) === tag && r.atEnd) return bytes;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
  throw new RangeError(`0x${tag.toString(16)} is not a valid BER-TLV tag`);
}

/** The minimal definite length field for `length` (0..65535). */
export function encodeBerLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > BER_TLV_MAX_VALUE_LENGTH) {
    throw new RangeError(`length ${length} does not fit a BER-TLV length field`);
  }
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >> 8, length & 0xff);
}

/** Encodes one object with the minimal length form. */
export function encodeBerTlv(tlv: BerTlv): Uint8Array {
  return new ByteWriter(tlv.value.length + 6)
    .bytes(encodeBerTag(tlv.tag))
    .bytes(encodeBerLength(tlv.value.length))
    .bytes(tlv.value)
    .finish();
}

/** Encodes objects back to back. */
export function encodeBerTlvSequence(tlvs: readonly BerTlv[]): Uint8Array {
  const w = new ByteWriter();
  for (const tlv of tlvs) w.bytes(encodeBerTlv(tlv));
  return w.finish();
}

function firstTagByte(tag: number): number {
  return tag > 0xffff ? tag >> 16 : tag > 0xff ? tag >> 8 : tag;
}

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}

function badTag(offset: number, message: string): never {
  throw new DecodeError('TLV_BAD_TAG', offset, message);
}

function badLength(r: ByteReader, offset: number, message: string): never {
  throw new DecodeError(`${r.domain}_BAD_LENGTH`, offset, message);
}
