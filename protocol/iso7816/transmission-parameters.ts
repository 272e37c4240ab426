// ISO/IEC 7816-3 §7.1 tables 7 and 8 (clock rate conversion Fi and baud rate adjustment Di, coded
// in TA1 and PPS1) and §10.2 the T=0 work waiting time WT = WI × 960 × Fi / f.

/** Fi and f(max) in MHz for each 4-bit index FI (table 7); undefined marks RFU values. */
const FI_TABLE: readonly (readonly [fi: number, fMaxMhz: number] | undefined)[] = [
  [372, 4],
  [372, 5],
  [558, 6],
  [744, 8],
  [1116, 12],
  [1488, 16],
  [1860, 20],
  undefined,
  undefined,
  [512, 5],
  [768, 7.5],
  [1024, 10],
  [1536, 15],
  [2048, 20],
  undefined,
  undefined,
];

/** Di for each 4-bit index DI (table 8); undefined marks RFU values. */
const DI_TABLE: readonly (number | undefined)[] = [
  undefined,
  1,
  2,
  4,
  8,
  16,
  32,
  64,
  12,
  20,
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
];

/** Transmission factors coded by one byte FI||DI (TA1, PPS1). */
export interface RateFactors {
  readonly fiIndex: number;
  readonly diIndex: number;
  /** Clock rate conversion integer Fi. */
  readonly fi: number;
  /** Maximum clock frequency in MHz for this Fi. */
  readonly fMaxMhz: number;
  /** Baud rate adjustment integer Di. */
  readonly di: number;
}

/** The default factors before any TA1 or PPS: Fd = 372, Dd = 1 (§7.1, FI||DI = 11). */
export const DEFAULT_RATE_BYTE = 0x11;

/**
 * Decodes an FI||DI byte (TA1 or PPS1), or undefined when either half is RFU.
 *
 * @example
 * rateFactors(0x96); // { fi: 512, di: 32, fMaxMhz: 5, ... }: one etu is 16 clock cycles
 */
export function rateFactors(byte: number): RateFactors | undefined {
  const fiIndex = (byte >> 4) & 0x0f;
  const diIndex = byte & 0x0f;
  const f = FI_TABLE[fiIndex];
  const di = DI_TABLE[diIndex];
  if (f === undefined || di === undefined) return undefined;
  return { fiIndex, diIndex, fi: f[0], fMaxMhz: f[1], di };
}

/** Clock cycles per elementary time unit: etu = F / D (§7.1), possibly fractional. */
export const clocksPerEtu = (f: RateFactors): number => f.fi / f.di;

/** The work waiting time of T=0 and half of it (when a card sends the NULL byte 60). */
export interface WorkWaitingTime {
  /** WT in elementary time units: WI × 960 × D. */
  readonly etu: number;
  readonly halfEtu: number;
  /** WT in clock cycles: WI × 960 × Fi. */
  readonly clockCycles: number;
  readonly halfClockCycles: number;
}

/**
 * WT = WI × 960 × Fi / f (§10.2). Before TC2 and PPS the defaults WI = 10, Fi = 372, Di = 1 give
 * the initial 9600 etu (3 571 200 clock cycles).
 *
 * @example
 * workWaitingTime(); // { etu: 9600, halfEtu: 4800, clockCycles: 3571200, halfClockCycles: 1785600 }
 * workWaitingTime(10, rateFactors(0x96)); // { etu: 307200, clockCycles: 4915200, ... }
 */
export function workWaitingTime(
  wi = 10,
  factors: RateFactors = rateFactors(DEFAULT_RATE_BYTE)!,
): WorkWaitingTime {
  if (!Number.isInteger(wi) || wi < 1 || wi > 255)
    throw new RangeError(`WI ${wi} is outside 1..255`);
  const etu = wi * 960 * factors.di;
  const clockCycles = wi * 960 * factors.fi;
  return { etu, halfEtu: etu / 2, clockCycles, halfClockCycles: clockCycles / 2 };
}
