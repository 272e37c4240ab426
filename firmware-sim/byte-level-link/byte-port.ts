// The I/O line of ISO/IEC 7816-3 as the reader's shell offers it: the reset line (§6.2), bytes in
// each direction, silence after the waiting time, and the transmission rate set after a PPS (§9).

/**
 * A serial line to a card. Timing lives in the implementation: `read` resolves to an empty chunk
 * when the card stayed silent for the waiting time (initial waiting time, WT after a PPS request,
 * WWT during a command). A rejected promise means the line itself failed.
 */
export interface BytePort {
  /** Pulls RST low then high (cold reset on first use, warm afterwards); the ATR follows. */
  reset(): Promise<void>;
  /** Sends bytes to the card. */
  write(bytes: Uint8Array): Promise<void>;
  /** The next bytes from the card, or an empty chunk after silence. */
  read(): Promise<Uint8Array>;
  /** Switches the line to the FI||DI byte agreed (§7.1: etu = F / D clock cycles). */
  setRate(rateByte: number): Promise<void>;
}
