import { describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { aesCmac, cmacSubkeys } from '../../../protocol/ota/cmac.ts';

const engine = new NodeBlockCipherEngine();
const key = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
const message = fromHex(
  '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51' +
    '30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
);

describe('AES-CMAC (RFC 4493)', () => {
  it('derives the subkeys of RFC 4493 §4', () => {
    const { k1, k2 } = cmacSubkeys(engine, key);
    expect(toHex(k1)).toBe('fbeed618357133667c85e08f7236a8de');
    expect(toHex(k2)).toBe('f7ddac306ae266ccf90bc11ee46d513b');
  });

  // RFC 4493 §4, examples 1-4: lengths 0, 16, 40 and 64 octets.
  it.each([
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ])('example with %d octets', (length, mac) => {
    expect(toHex(aesCmac(engine, key, message.slice(0, length)))).toBe(mac);
  });

  it('changes when any message bit changes', () => {
    const base = toHex(aesCmac(engine, key, message.slice(0, 40)));
    for (let i = 0; i < 40; i++) {
      const changed = message.slice(0, 40);
      changed[i] = changed[i]! ^ 0x01;
      expect(toHex(aesCmac(engine, key, changed))).not.toBe(base);
    }
  });

  it('rejects a key that is not an AES key', () => {
    expect(() => aesCmac(engine, new Uint8Array(8), message)).toThrow(RangeError);
  });
});
