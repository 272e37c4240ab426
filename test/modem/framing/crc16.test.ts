import { describe, expect, it } from 'vitest';
import { crc16Ccitt, crc16Symbols, crcDigits, symbolValue } from '../../../modem/framing/crc16.ts';

describe('CRC-16/CCITT-FALSE (ITU-T V.41 polynomial)', () => {
  it('gives the catalogue check value 0x29B1 for ASCII "123456789"', () => {
    expect(crc16Ccitt(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });

  it('gives 0xFFFF for no data (the initial value)', () => {
    expect(crc16Ccitt(new Uint8Array(0))).toBe(0xffff);
  });

  it('runs over symbol values: * is 10 and # is 11', () => {
    expect(symbolValue('*')).toBe(10);
    expect(symbolValue('#')).toBe(11);
    expect(crc16Symbols('12*#')).toBe(crc16Ccitt(Uint8Array.of(1, 2, 10, 11)));
    expect(() => symbolValue('A')).toThrow(RangeError);
  });

  it('is carried as 5 decimal digits', () => {
    expect(crcDigits('')).toBe('65535');
    expect(crcDigits('0')).toMatch(/^\d{5}$/);
  });
});
