import { describe, expect, it } from 'vitest';
import {
  ByteReader,
  ByteWriter,
  DecodeError,
  concatBytes,
  constantTimeEqual,
  fromHex,
  toHex,
  toSpacedHex,
} from '../../../protocol/bytes/index.ts';

describe('hex', () => {
  it('round-trips and accepts separators', () => {
    expect(toHex(fromHex('00 A4:04-00 0x'.replace(' 0x', '')))).toBe('00a40400');
    expect(toHex(fromHex('0xDEADbeef'))).toBe('deadbeef');
    expect(toSpacedHex(fromHex('9000'))).toBe('90 00');
  });
  it('rejects odd length and non-hex digits with a code', () => {
    expect(() => fromHex('abc')).toThrow(expect.objectContaining({ code: 'HEX_ODD_LENGTH' }));
    expect(() => fromHex('zz')).toThrow(
      expect.objectContaining({ code: 'HEX_INVALID_DIGIT', offset: 0 }),
    );
  });
  it('concatenates and compares', () => {
    expect(toHex(concatBytes(fromHex('01'), fromHex(''), fromHex('0203')))).toBe('010203');
    expect(constantTimeEqual(fromHex('0102'), fromHex('0102'))).toBe(true);
    expect(constantTimeEqual(fromHex('0102'), fromHex('0103'))).toBe(false);
    expect(constantTimeEqual(fromHex('01'), fromHex('0102'))).toBe(false);
  });
});

describe('ByteReader and ByteWriter', () => {
  it('write then read every width', () => {
    const bytes = new ByteWriter(1)
      .u8(0xab)
      .u16(0x1234)
      .u32(0xdeadbeef)
      .bytes(fromHex('0102'))
      .finish();
    expect(toHex(bytes)).toBe('ab1234deadbeef0102');
    const r = new ByteReader(bytes, 'T');
    expect([r.u8(), r.u16(), r.u32()]).toEqual([0xab, 0x1234, 0xdeadbeef]);
    expect(toHex(r.rest())).toBe('0102');
    expect(r.atEnd).toBe(true);
  });
  it('reports truncation and trailing bytes with whole-input offsets', () => {
    const r = new ByteReader(fromHex('0102030405'), 'T');
    r.u8();
    const sub = r.sub(2);
    sub.u16();
    expect(() => sub.u8()).toThrow(expect.objectContaining({ code: 'T_TRUNCATED', offset: 3 }));
    expect(() => r.expectEnd()).toThrow(DecodeError);
    expect(() => r.expectEnd()).toThrow(
      expect.objectContaining({ code: 'T_TRAILING_BYTES', offset: 3 }),
    );
  });
  it('refuses values that do not fit', () => {
    expect(() => new ByteWriter().u8(256)).toThrow(RangeError);
    expect(() => new ByteWriter().u16(-1)).toThrow(RangeError);
  });
});
