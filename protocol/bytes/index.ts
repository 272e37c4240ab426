// Byte helpers shared by every codec.
export { DecodeError } from './decode-error.ts';
export { ByteReader } from './byte-reader.ts';
export { ByteWriter } from './byte-writer.ts';
export { toHex, toSpacedHex, fromHex, concatBytes, bytesEqual, constantTimeEqual } from './hex.ts';
export { encodeSwappedBcd, decodeSwappedBcd, isBcdDigits } from './bcd.ts';
