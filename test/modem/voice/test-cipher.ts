// A reversible stand-in for the adaptor's payload cipher in tests: XOR with a keystream derived from
// a key byte and the counter. Not secure; the real cipher is AES with the adaptor's keys.
import type { PayloadCipher } from '../../../modem/voice/payload-cipher.ts';

/** XOR with bytes from a small generator seeded by key and counter. */
export function xorTestCipher(key: number): PayloadCipher {
  const apply = (bytes: Uint8Array, counter: number): Uint8Array => {
    let state = (key * 2654435761 + counter * 40503 + 1) >>> 0;
    return bytes.map((b) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return b ^ (state >>> 24);
    });
  };
  return {
    encrypt: async (plaintext, counter) => apply(plaintext, counter),
    decrypt: async (ciphertext, counter) => apply(ciphertext, counter),
  };
}
