import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine, opensslCipher } from '../../../bridge/crypto/node-block-cipher.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import type { BlockCipherName } from '../../../protocol/ota/index.ts';

const engine = new NodeBlockCipherEngine();
const ascii = (text: string) => new TextEncoder().encode(text);

describe('NodeBlockCipherEngine known answers', () => {
  // FIPS 197 Appendix C.1-C.3: plaintext 00112233…ff under keys 000102…
  const aes: [string, string][] = [
    ['000102030405060708090a0b0c0d0e0f', '69c4e0d86a7b0430d8cdb78070b4c55a'],
    ['000102030405060708090a0b0c0d0e0f1011121314151617', 'dda97ca4864cdfe06eaf70a0ec0d7191'],
    [
      '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
      '8ea2b7ca516745bfeafc49904b496089',
    ],
  ];
  it.each(aes)('AES key %s (FIPS 197 App. C)', (key, cipherText) => {
    const plain = fromHex('00112233445566778899aabbccddeeff');
    expect(toHex(engine.encryptBlocks('aes', fromHex(key), plain))).toBe(cipherText);
    expect(toHex(engine.decryptBlocks('aes', fromHex(key), fromHex(cipherText)))).toBe(
      toHex(plain),
    );
  });

  it('single DES, the classic worked example (key 133457799BBCDFF1)', () => {
    const out = engine.encryptBlocks(
      'des',
      fromHex('133457799bbcdff1'),
      fromHex('0123456789abcdef'),
    );
    expect(toHex(out)).toBe('85e813540f0ab405');
    expect(toHex(engine.decryptBlocks('des', fromHex('133457799bbcdff1'), out))).toBe(
      '0123456789abcdef',
    );
  });

  it('three-key triple DES, NIST SP 800-67 example', () => {
    const key = fromHex('0123456789abcdef23456789abcdef01456789abcdef0123');
    const out = engine.encryptBlocks('3des-3key', key, ascii('The qufck brown fox jump'));
    expect(toHex(out)).toBe('a826fd8ce53b855fcce21c8112256fe668d5c05dd9b6b900');
  });

  it('two-key triple DES equals three-key triple DES with K3 = K1', () => {
    const k1k2 = fromHex('0123456789abcdef23456789abcdef01');
    const k1k2k1 = fromHex('0123456789abcdef23456789abcdef010123456789abcdef');
    const block = fromHex('5468652071756663');
    expect(toHex(engine.encryptBlocks('3des-2key', k1k2, block))).toBe(
      toHex(engine.encryptBlocks('3des-3key', k1k2k1, block)),
    );
  });

  it('runs single DES as EDE with K1 = K2 = K3', () => {
    const mapped = opensslCipher('des', fromHex('133457799bbcdff1'));
    expect(mapped.name).toBe('des-ede3-ecb');
    expect(toHex(mapped.key)).toBe('133457799bbcdff1'.repeat(3));
  });
});

describe('NodeBlockCipherEngine behaviour', () => {
  const ciphers: [BlockCipherName, number, number][] = [
    ['des', 8, 8],
    ['3des-2key', 16, 8],
    ['3des-3key', 24, 8],
    ['aes', 16, 16],
    ['aes', 24, 16],
    ['aes', 32, 16],
  ];

  it.each(ciphers)('%s with a %d-byte key decrypts what it encrypts, block by block', (c, k, b) => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: k, maxLength: k }),
        fc.integer({ min: 1, max: 6 }),
        fc.uint8Array({ minLength: 96, maxLength: 96 }),
        (key, blocks, bytes) => {
          const data = bytes.slice(0, blocks * b);
          const out = engine.encryptBlocks(c, key, data);
          expect(out.length).toBe(data.length);
          expect(toHex(engine.decryptBlocks(c, key, out))).toBe(toHex(data));
          const first = engine.encryptBlocks(c, key, data.slice(0, b));
          expect(toHex(out.slice(0, b))).toBe(toHex(first));
        },
      ),
      { numRuns: 40, seed: 102225 },
    );
  });

  it('agrees with node for the same key used again (cached cipher object)', () => {
    const key = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
    const block = fromHex('6bc1bee22e409f96e93d7e117393172a');
    const first = engine.encryptBlocks('aes', key, block);
    const second = engine.encryptBlocks('aes', key, block);
    const reference = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(block);
    expect(toHex(first)).toBe('3ad77bb40d7a3660a89ecaf32466ef97');
    expect(toHex(second)).toBe(toHex(first));
    expect(toHex(first)).toBe(reference.toString('hex'));
  });

  it('rejects wrong key lengths and partial blocks with RangeError', () => {
    expect(() => engine.encryptBlocks('aes', new Uint8Array(15), new Uint8Array(16))).toThrow(
      RangeError,
    );
    expect(() => engine.encryptBlocks('des', new Uint8Array(8), new Uint8Array(7))).toThrow(
      RangeError,
    );
    expect(() => engine.decryptBlocks('3des-2key', new Uint8Array(24), new Uint8Array(8))).toThrow(
      RangeError,
    );
  });
});
