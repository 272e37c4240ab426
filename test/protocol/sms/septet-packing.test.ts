// TS 23.038 §6.1.2.1.1 septet packing and TS 23.040 §9.2.3.24 fill bits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { encodeGsm7Septets } from '../../../protocol/sms/gsm7-alphabet.ts';
import { packSeptets, packedLength, unpackSeptets } from '../../../protocol/sms/septet-packing.ts';

describe('septet packing', () => {
  it.each([
    // REFERENCE: 9 septets in 8 octets
    ['test text', 0, 'f4f29c0ea297f174'],
    // TS 27.005 textbook SMS-SUBMIT user data (UDL 0A)
    ['hellohello', 0, 'e8329bfd4697d9ec37'],
    ['A', 0, '41'],
    // §9.2.3.24: one fill bit after a 6-octet header: 0x41 << 1
    ['A', 1, '82'],
    ['AB', 1, '8242'],
    ['', 0, ''],
    ['', 6, '00'],
  ])('%j with %i fill bit(s) -> %s', (text, fill, hex) => {
    const septets = encodeGsm7Septets(text);
    expect(toHex(packSeptets(septets, fill))).toBe(hex);
    expect(toHex(unpackSeptets(fromHex(hex), septets.length, fill))).toBe(toHex(septets));
  });

  it('8 septets fill exactly 7 octets, the eighth septet in the top bits', () => {
    const packed = packSeptets(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x7f));
    expect(toHex(packed)).toBe('000000000000fe');
    expect(packedLength(8)).toBe(7);
    expect(packedLength(160)).toBe(140);
    expect(packedLength(153, 1)).toBe(134);
  });

  it('fill bits shift the whole stream by that many bits', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 160, max: 0x7f }),
        fc.integer({ min: 0, max: 6 }),
        (septets, fill) => {
          const plain = toBits(packSeptets(septets)).slice(0, 7 * septets.length);
          const shifted = toBits(packSeptets(septets, fill));
          expect(shifted.slice(0, fill)).toBe('0'.repeat(fill));
          expect(shifted.slice(fill, fill + plain.length)).toBe(plain);
          expect(toHex(unpackSeptets(packSeptets(septets, fill), septets.length, fill))).toBe(
            toHex(septets),
          );
        },
      ),
      { numRuns: 300, seed: 23038 },
    );
  });

  it('rejects too few octets with a DecodeError and bad arguments with a RangeError', () => {
    expect(() => unpackSeptets(fromHex('f4f29c0ea297f1'), 9)).toThrow(DecodeError);
    expect(() => unpackSeptets(fromHex('82'), 2, 1)).toThrow(
      expect.objectContaining({ code: 'SMS_TRUNCATED' }),
    );
    expect(() => packSeptets(Uint8Array.of(0x80))).toThrow(RangeError);
    expect(() => packSeptets(Uint8Array.of(1), 7)).toThrow(RangeError);
    expect(() => unpackSeptets(Uint8Array.of(1), -1)).toThrow(RangeError);
  });
});

/** Bits LSB first per octet, as the packing defines the stream. */
function toBits(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) for (let i = 0; i < 8; i++) out += (b >> i) & 1;
  return out;
}
