// The block-cipher port of protocol/ota (ETSI TS 102 225 ciphers) on node:crypto, in ECB mode
// without padding; one cipher object per key and direction is created and then reused.
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';
import {
  checkBlockInput,
  type BlockCipherEngine,
  type BlockCipherName,
} from '../../protocol/ota/block-cipher.ts';

/** Cached cipher objects per engine; beyond this the cache starts over. */
const MAX_CACHED_KEYS = 256;

/** A BlockCipherEngine backed by node:crypto (OpenSSL). */
export class NodeBlockCipherEngine implements BlockCipherEngine {
  private readonly encryptors = new Map<string, Cipher>();
  private readonly decryptors = new Map<string, Decipher>();

  encryptBlocks(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array): Uint8Array {
    checkBlockInput(cipher, key, data);
    const c = cached(this.encryptors, cipher, key, (name, k) => createCipheriv(name, k, null));
    return toUint8Array(c.update(data));
  }

  decryptBlocks(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array): Uint8Array {
    checkBlockInput(cipher, key, data);
    const d = cached(this.decryptors, cipher, key, (name, k) => createDecipheriv(name, k, null));
    return toUint8Array(d.update(data));
  }
}

/**
 * OpenSSL cipher name and key for a cipher. Single DES is not in OpenSSL 3's default provider:
 * it runs as triple DES EDE with K1 = K2 = K3, which is mathematically single DES (the first
 * encryption and the decryption with the same key cancel out).
 */
export function opensslCipher(
  cipher: BlockCipherName,
  key: Uint8Array,
): { readonly name: string; readonly key: Uint8Array } {
  switch (cipher) {
    case 'des':
      return { name: 'des-ede3-ecb', key: Uint8Array.from([...key, ...key, ...key]) };
    case '3des-2key':
      return { name: 'des-ede-ecb', key };
    case '3des-3key':
      return { name: 'des-ede3-ecb', key };
    case 'aes':
      return { name: `aes-${key.length * 8}-ecb`, key };
  }
}

function cached<T extends Cipher | Decipher>(
  cache: Map<string, T>,
  cipher: BlockCipherName,
  key: Uint8Array,
  create: (name: string, key: Uint8Array) => T,
): T {
  const id = `${cipher}:${Buffer.from(key).toString('hex')}`;
  let entry = cache.get(id);
  if (entry === undefined) {
    if (cache.size >= MAX_CACHED_KEYS) cache.clear();
    const { name, key: opensslKey } = opensslCipher(cipher, key);
    entry = create(name, opensslKey);
    entry.setAutoPadding(false);
    cache.set(id, entry);
  }
  return entry;
}

function toUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length).slice();
}
