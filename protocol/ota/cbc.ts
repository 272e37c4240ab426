// CBC mode with a zero initial chaining value, as ETSI TS 102 225 §5.1.2 uses it for DES, triple
// DES (outer CBC) and AES ciphering of secured packets; zero padding to the block size.
import {
  blockSizeOf,
  checkBlockInput,
  type BlockCipherEngine,
  type BlockCipherName,
} from './block-cipher.ts';

/** Number of zero bytes that bring `length` to a multiple of `blockSize` (0 when it already is). */
export function paddingLength(length: number, blockSize: number): number {
  return (blockSize - (length % blockSize)) % blockSize;
}

/** `data` followed by zero bytes up to a multiple of `blockSize`. */
export function padWithZeros(data: Uint8Array, blockSize: number): Uint8Array {
  const out = new Uint8Array(data.length + paddingLength(data.length, blockSize));
  out.set(data);
  return out;
}

/** CBC encryption, IV zero. `data` must already be a multiple of the block size. */
export function cbcEncrypt(
  engine: BlockCipherEngine,
  cipher: BlockCipherName,
  key: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  checkBlockInput(cipher, key, data);
  const size = blockSizeOf(cipher);
  const out = new Uint8Array(data.length);
  let chain: Uint8Array = new Uint8Array(size);
  for (let offset = 0; offset < data.length; offset += size) {
    const block = new Uint8Array(size);
    for (let i = 0; i < size; i++) block[i] = data[offset + i]! ^ chain[i]!;
    chain = engine.encryptBlocks(cipher, key, block);
    out.set(chain, offset);
  }
  return out;
}

/** CBC decryption, IV zero. `data` must be a multiple of the block size. */
export function cbcDecrypt(
  engine: BlockCipherEngine,
  cipher: BlockCipherName,
  key: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  checkBlockInput(cipher, key, data);
  const size = blockSizeOf(cipher);
  const plain = Uint8Array.from(engine.decryptBlocks(cipher, key, data));
  for (let i = size; i < plain.length; i++) plain[i] = plain[i]! ^ data[i - size]!;
  return plain;
}

/** ECB encryption (TS 102 225 KIc "DES in ECB mode"). */
export function ecbEncrypt(
  engine: BlockCipherEngine,
  cipher: BlockCipherName,
  key: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  checkBlockInput(cipher, key, data);
  return engine.encryptBlocks(cipher, key, data);
}

/** ECB decryption. */
export function ecbDecrypt(
  engine: BlockCipherEngine,
  cipher: BlockCipherName,
  key: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  checkBlockInput(cipher, key, data);
  return engine.decryptBlocks(cipher, key, data);
}
