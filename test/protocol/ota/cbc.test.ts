import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  cbcDecrypt,
  cbcEncrypt,
  ecbDecrypt,
  ecbEncrypt,
  paddingLength,
  padWithZeros,
} from '../../../protocol/ota/cbc.ts';

const engine = new NodeBlockCipherEngine();

function nodeCbc(name: string, key: Uint8Array, data: Uint8Array, size: number): string {
  const cipher = createCipheriv(name, key, new Uint8Array(size)).setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]).toString('hex');
}

describe('CBC with zero IV (TS 102 225 §5.1.2)', () => {
  it('matches the NIST SP 800-38A F.2.1 vector when the IV is folded into the first block', () => {
    const key = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
    const iv = fromHex('000102030405060708090a0b0c0d0e0f');
    const plain = fromHex('6bc1bee22e409f96e93d7e117393172a');
    const first = plain.map((b, i) => b ^ iv[i]!);
    expect(toHex(cbcEncrypt(engine, 'aes', key, first))).toBe('7649abac8119b246cee98e9b12e9197d');
  });

  it('agrees with node aes-128-cbc and des-ede3-cbc, and decrypts back', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 24 }),
        fc.integer({ min: 0, max: 6 }),
        fc.uint8Array({ minLength: 96, maxLength: 96 }),
        (keyBytes, blocks, bytes) => {
          const aesKey = keyBytes.slice(0, 16);
          const aesData = bytes.slice(0, blocks * 16);
          const aes = cbcEncrypt(engine, 'aes', aesKey, aesData);
          expect(toHex(aes)).toBe(nodeCbc('aes-128-cbc', aesKey, aesData, 16));
          expect(toHex(cbcDecrypt(engine, 'aes', aesKey, aes))).toBe(toHex(aesData));
          const desData = bytes.slice(0, blocks * 8);
          const des = cbcEncrypt(engine, '3des-3key', keyBytes, desData);
          expect(toHex(des)).toBe(nodeCbc('des-ede3-cbc', keyBytes, desData, 8));
          expect(toHex(cbcDecrypt(engine, '3des-3key', keyBytes, des))).toBe(toHex(desData));
        },
      ),
      { numRuns: 60, seed: 31115 },
    );
  });

  it('ECB encrypts blocks independently', () => {
    const key = fromHex('0123456789abcdef');
    const data = fromHex('0123456789abcdef0123456789abcdef');
    const out = ecbEncrypt(engine, 'des', key, data);
    expect(toHex(out.slice(0, 8))).toBe(toHex(out.slice(8)));
    expect(toHex(ecbDecrypt(engine, 'des', key, out))).toBe(toHex(data));
  });

  it('pads with zeros to the block size, and not at all when aligned', () => {
    expect(paddingLength(0, 8)).toBe(0);
    expect(paddingLength(1, 8)).toBe(7);
    expect(paddingLength(16, 16)).toBe(0);
    expect(paddingLength(17, 16)).toBe(15);
    expect(toHex(padWithZeros(fromHex('0102'), 8))).toBe('0102000000000000');
  });

  it('rejects partial blocks', () => {
    expect(() => cbcEncrypt(engine, 'aes', new Uint8Array(16), new Uint8Array(15))).toThrow(
      RangeError,
    );
    expect(() => cbcDecrypt(engine, 'des', new Uint8Array(8), new Uint8Array(9))).toThrow(
      RangeError,
    );
  });
});
