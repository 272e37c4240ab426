// CBC-MAC per ISO/IEC 9797-1 MAC algorithm 1 with padding method 1 (zero bytes, initial chaining
// value zero, no output transformation), the DES and triple-DES checksum of ETSI TS 102 225 §5.1.3.1.
import { blockSizeOf, type BlockCipherEngine, type BlockCipherName } from './block-cipher.ts';
import { cbcEncrypt, padWithZeros } from './cbc.ts';

/**
 * The last CBC block over `message` padded with zeros; an empty message is one zero block
 * (ISO/IEC 9797-1 padding method 1).
 */
export function cbcMac(
  engine: BlockCipherEngine,
  cipher: BlockCipherName,
  key: Uint8Array,
  message: Uint8Array,
): Uint8Array {
  const size = blockSizeOf(cipher);
  const padded = message.length === 0 ? new Uint8Array(size) : padWithZeros(message, size);
  return cbcEncrypt(engine, cipher, key, padded).slice(padded.length - size);
}
