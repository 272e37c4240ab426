// Binary FSK profiles for the voice channel: Bell 202 (1200 bit/s, mark 1200 Hz, space 2200 Hz) and
// ITU-T V.23 mode 2 (1200 bit/s, mark 1300 Hz, space 2100 Hz), both with asynchronous 8N1 characters.

/** Tones and rate of a binary FSK modem; mark is binary 1 and the idle line. */
export interface FskProfile {
  readonly name: string;
  readonly markHz: number;
  readonly spaceHz: number;
  readonly baud: number;
}

/** Bell 202: 1200 baud, mark 1200 Hz, space 2200 Hz (the in-band caller-ID modem). */
export const BELL_202: FskProfile = { name: 'bell202', markHz: 1200, spaceHz: 2200, baud: 1200 };

/** ITU-T V.23 mode 2 forward channel: 1200 baud, mark 1300 Hz, space 2100 Hz. */
export const V23: FskProfile = { name: 'v23', markHz: 1300, spaceHz: 2100, baud: 1200 };

/** Bits of one asynchronous character: a start bit (space), 8 data bits LSB first, a stop bit (mark). */
export const BITS_PER_CHARACTER = 10;

/** The line bits of one byte in send order (0 = space, 1 = mark). */
export function uartBits(byte: number): number[] {
  const bits = [0];
  for (let i = 0; i < 8; i++) bits.push((byte >> i) & 1);
  bits.push(1);
  return bits;
}
