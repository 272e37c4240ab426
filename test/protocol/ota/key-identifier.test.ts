import { describe, expect, it } from 'vitest';
import {
  decodeKic,
  decodeKid,
  encodeKeyIdentifier,
  type Kic,
  type Kid,
} from '../../../protocol/ota/key-identifier.ts';

describe('KIc (TS 102 225 §5.1.2)', () => {
  const table: [number, Kic][] = [
    [0x01, { suite: 'des-cbc', keyVersion: 0 }],
    [0x15, { suite: '3des-2key', keyVersion: 1 }],
    [0x35, { suite: '3des-2key', keyVersion: 3 }],
    [0x29, { suite: '3des-3key', keyVersion: 2 }],
    [0x1d, { suite: 'des-ecb', keyVersion: 1 }],
    [0x12, { suite: 'aes-cbc', keyVersion: 1 }],
    [0xf2, { suite: 'aes-cbc', keyVersion: 15 }],
    [0x10, { suite: 'implicit', keyVersion: 1, bits: 0 }],
    [0x13, { suite: 'proprietary', keyVersion: 1, bits: 3 }],
    [0x16, { suite: 'reserved', keyVersion: 1, bits: 6 }],
  ];
  it.each(table)('%i', (octet, kic) => {
    expect(decodeKic(octet)).toEqual(kic);
    expect(encodeKeyIdentifier(kic)).toBe(octet);
  });

  it('round-trips all 256 octets as KIc and both kinds of KID', () => {
    for (let octet = 0; octet < 256; octet++) {
      expect(encodeKeyIdentifier(decodeKic(octet))).toBe(octet);
      expect(encodeKeyIdentifier(decodeKid(octet))).toBe(octet);
      expect(encodeKeyIdentifier(decodeKid(octet, true))).toBe(octet);
    }
  });

  it('rejects a key version outside 0-15', () => {
    expect(() => encodeKeyIdentifier({ suite: 'aes-cbc', keyVersion: 16 })).toThrow(RangeError);
  });
});

describe('KID (TS 102 225 §5.1.3)', () => {
  const cc: [number, Kid][] = [
    [0x11, { suite: 'des-cbc-mac', keyVersion: 1 }],
    [0x35, { suite: '3des-2key-mac', keyVersion: 3 }],
    [0x19, { suite: '3des-3key-mac', keyVersion: 1 }],
    [0x22, { suite: 'aes-cmac', keyVersion: 2 }],
    [0x1d, { suite: 'reserved', keyVersion: 1, bits: 0xd }],
  ];
  it.each(cc)('CC coding %i', (octet, kid) => {
    expect(decodeKid(octet)).toEqual(kid);
    expect(encodeKeyIdentifier(kid)).toBe(octet);
  });

  const rc: [number, Kid][] = [
    [0x01, { suite: 'crc16', keyVersion: 0 }],
    [0x05, { suite: 'crc32', keyVersion: 0 }],
    [0x02, { suite: 'reserved', keyVersion: 0, bits: 2 }],
    [0x03, { suite: 'proprietary', keyVersion: 0, bits: 3 }],
  ];
  it.each(rc)('RC coding %i', (octet, kid) => {
    expect(decodeKid(octet, true)).toEqual(kid);
    expect(encodeKeyIdentifier(kid)).toBe(octet);
  });
});
