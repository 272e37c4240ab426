// The redundancy checks of ETSI TS 102 225 §5.1.3.2: 16- and 32-bit CRCs of ISO/IEC 13239
// (the HDLC frame check sequences: reflected, initial value all ones, result complemented).

const CRC32_TABLE = makeTable(0xedb88320);
const CRC16_TABLE = makeTable(0x8408);

/** CRC-32 of ISO/IEC 13239 (polynomial 04C11DB7, as in HDLC, zlib and Ethernet). */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (crc >>> 8) ^ CRC32_TABLE[(crc ^ byte) & 0xff]!;
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-16 of ISO/IEC 13239 (polynomial 1021, the HDLC / X.25 frame check sequence). */
export function crc16(data: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of data) crc = (crc >>> 8) ^ CRC16_TABLE[(crc ^ byte) & 0xff]!;
  return (crc ^ 0xffff) & 0xffff;
}

function makeTable(reflectedPolynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ reflectedPolynomial : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}
