import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeSpi, encodeSpi, type Spi } from '../../../protocol/ota/spi.ts';

describe('SPI (TS 102 225 §5.1.1)', () => {
  const table: [string, Spi][] = [
    [
      '1621',
      {
        checksum: 'cc',
        ciphering: true,
        counter: 'higher',
        por: 'always',
        porChecksum: 'none',
        porCiphering: false,
        porViaSubmit: true,
      },
    ],
    // pySim's SJA5 test cards: cipher + CC, no counter; PoR required with CC, ciphered or not
    [
      '0619',
      {
        checksum: 'cc',
        ciphering: true,
        counter: 'none',
        por: 'always',
        porChecksum: 'cc',
        porCiphering: true,
        porViaSubmit: false,
      },
    ],
    [
      '1e3a',
      {
        checksum: 'cc',
        ciphering: true,
        counter: 'one-higher',
        por: 'on-error',
        porChecksum: 'cc',
        porCiphering: true,
        porViaSubmit: true,
      },
    ],
    [
      '0905',
      {
        checksum: 'rc',
        ciphering: false,
        counter: 'no-check',
        por: 'always',
        porChecksum: 'rc',
        porCiphering: false,
        porViaSubmit: false,
      },
    ],
    [
      '030c',
      {
        checksum: 'ds',
        ciphering: false,
        counter: 'none',
        por: 'none',
        porChecksum: 'ds',
        porCiphering: false,
        porViaSubmit: false,
      },
    ],
  ];

  it.each(table)('%s', (hex, spi) => {
    expect(decodeSpi(fromHex(hex))).toEqual(spi);
    expect(toHex(encodeSpi(spi))).toBe(hex);
  });

  it('round-trips every valid pair of octets and rejects reserved codings', () => {
    let valid = 0;
    for (let value = 0; value < 0x10000; value++) {
      const bytes = Uint8Array.of(value >> 8, value & 0xff);
      const reserved = (value & 0xe000) !== 0 || (value & 0xc0) !== 0 || (value & 0x03) === 0x03;
      if (reserved) {
        expect(() => decodeSpi(bytes)).toThrow(DecodeError);
      } else {
        expect(toHex(encodeSpi(decodeSpi(bytes)))).toBe(toHex(bytes));
        valid++;
      }
    }
    expect(valid).toBe(32 * 48);
  });

  it('rejects a wrong length', () => {
    expect(() => decodeSpi(fromHex('16'))).toThrow(DecodeError);
  });
});
