// CRC-16/CCITT-FALSE (ITU-T V.41 polynomial x^16 + x^12 + x^5 + 1, initial value 0xFFFF, no
// reflection, no final XOR), computed over DTMF symbol values: 0-9 as themselves, `*` 10, `#` 11.

const TABLE = new Uint16Array(256);
for (let n = 0; n < 256; n++) {
  let c = n << 8;
  for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
  TABLE[n] = c;
}

/** CRC-16/CCITT-FALSE over bytes (check value for ASCII "123456789" is 0x29B1). */
export function crc16Ccitt(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ byte) & 0xff] ?? 0);
  return crc;
}

/** The value of a DTMF symbol: digits as themselves, `*` 10, `#` 11. */
export function symbolValue(symbol: string): number {
  if (symbol === '*') return 10;
  if (symbol === '#') return 11;
  const value = symbol.charCodeAt(0) - 48;
  if (symbol.length !== 1 || value < 0 || value > 9)
    throw new RangeError(`'${symbol}' is not a symbol`);
  return value;
}

/** CRC-16/CCITT-FALSE over the values of DTMF symbols (`0-9*#`). */
export function crc16Symbols(symbols: string): number {
  const bytes = new Uint8Array(symbols.length);
  for (let i = 0; i < symbols.length; i++) bytes[i] = symbolValue(symbols.charAt(i));
  return crc16Ccitt(bytes);
}

/** The CRC as the 5 decimal digits carried at the end of a frame (00000-65535). */
export function crcDigits(symbols: string): string {
  return String(crc16Symbols(symbols)).padStart(5, '0');
}
