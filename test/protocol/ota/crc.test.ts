import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16, crc32 } from '../../../protocol/ota/crc.ts';

const check = new TextEncoder().encode('123456789');

describe('ISO/IEC 13239 CRCs (TS 102 225 §5.1.3.2)', () => {
  it('give the catalogued check values for "123456789"', () => {
    expect(crc32(check).toString(16)).toBe('cbf43926');
    expect(crc16(check).toString(16)).toBe('906e');
    expect(crc16(new Uint8Array(0))).toBe(0);
  });

  it('CRC-32 agrees with zlib', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        expect(crc32(data)).toBe(zlibCrc32(data));
      }),
      { numRuns: 200, seed: 13239 },
    );
  });
});
