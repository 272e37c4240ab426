import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { cbcMac } from '../../../protocol/ota/cbc-mac.ts';

const engine = new NodeBlockCipherEngine();

describe('CBC-MAC, ISO/IEC 9797-1 MAC algorithm 1, padding method 1', () => {
  it('gives the FIPS 113 / ANSI X9.9 DES MAC of "7654321 Now is the time for "', () => {
    const data = new TextEncoder().encode('7654321 Now is the time for ');
    expect(toHex(cbcMac(engine, 'des', fromHex('0123456789abcdef'), data))).toBe(
      'f1d30f6849312ca4',
    );
  });

  it('is the last block of zero-padded triple-DES CBC (node des-ede3-cbc)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 24 }),
        fc.uint8Array({ minLength: 1, maxLength: 50 }),
        (key, data) => {
          const padded = new Uint8Array(Math.ceil(data.length / 8) * 8);
          padded.set(data);
          const c = createCipheriv('des-ede3-cbc', key, new Uint8Array(8)).setAutoPadding(false);
          const all = Buffer.concat([c.update(padded), c.final()]);
          expect(toHex(cbcMac(engine, '3des-3key', key, data))).toBe(
            all.subarray(all.length - 8).toString('hex'),
          );
        },
      ),
      { numRuns: 60, seed: 97971 },
    );
  });

  it('MACs an empty message as one zero block', () => {
    const key = fromHex('0123456789abcdef');
    expect(toHex(cbcMac(engine, 'des', key, new Uint8Array(0)))).toBe(
      toHex(engine.encryptBlocks('des', key, new Uint8Array(8))),
    );
  });
});
