// The block ciphers of ETSI TS 102 225 §5.1.2 and §5.1.3 (DES, two- and three-key triple DES,
// AES-128/192/256) as a port: an ECB engine over whole blocks. Modes and MACs are built on it in
// pure code; the engine itself lives at the edge (bridge/crypto).

/** The block cipher families a secured packet can name. */
export type BlockCipherName = 'des' | '3des-2key' | '3des-3key' | 'aes';

/** Encrypts or decrypts whole blocks in ECB mode. Implementations must not pad. */
export interface BlockCipherEngine {
  /** `data.length` is a multiple of the block size; the key length suits `cipher`. */
  encryptBlocks(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array): Uint8Array;
  decryptBlocks(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array): Uint8Array;
}

/** Block size in bytes: 8 for DES and triple DES (FIPS 46-3, SP 800-67), 16 for AES (FIPS 197). */
export function blockSizeOf(cipher: BlockCipherName): number {
  return cipher === 'aes' ? 16 : 8;
}

/** Key lengths in bytes each cipher accepts. */
export function keyLengthsOf(cipher: BlockCipherName): readonly number[] {
  switch (cipher) {
    case 'des':
      return [8];
    case '3des-2key':
      return [16];
    case '3des-3key':
      return [24];
    case 'aes':
      return [16, 24, 32];
  }
}

/** True when `key` has a length `cipher` accepts. */
export function isValidKeyLength(cipher: BlockCipherName, key: Uint8Array): boolean {
  return keyLengthsOf(cipher).includes(key.length);
}

/** Throws RangeError when the key length or data length does not suit the cipher. */
export function checkBlockInput(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array): void {
  if (!isValidKeyLength(cipher, key)) {
    throw new RangeError(
      `${cipher} needs a key of ${keyLengthsOf(cipher).join('/')} bytes, got ${key.length}`,
    );
  }
  if (data.length % blockSizeOf(cipher) !== 0) {
    throw new RangeError(
      `${cipher} works on ${blockSizeOf(cipher)}-byte blocks, got ${data.length} bytes`,
    );
  }
}
