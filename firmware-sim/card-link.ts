// The port between a terminal (emulated handset, SIM adaptor) and a card: ISO/IEC 7816-3 §6.2
// cold/warm reset returning the Answer-to-Reset, and ISO/IEC 7816-4 §5.1 command-response pairs.
import type { CommandApdu, ResponseApdu } from '../protocol/iso7816/apdu.ts';

/**
 * A card as a terminal sees it. Implemented by the virtual SIM (in-process), and by PC/SC readers
 * (a real SIM in a USB reader). Card outcomes, including errors such as `6A82`, are responses;
 * a rejected promise means the link itself failed (reader removed, port closed).
 */
export interface CardLink {
  /** Resets the card (cold reset on first use, warm afterwards) and resolves to its ATR. */
  reset(): Promise<Uint8Array>;
  /**
   * Sends one command APDU and resolves to the card's response, exactly as the card gave it:
   * `61xx`, `9Fxx`, `6Cxx` and `91xx` are returned to the caller, never followed up
   * automatically (GET RESPONSE and FETCH are the caller's decision, as on a T=0 link).
   */
  transmit(apdu: CommandApdu): Promise<ResponseApdu>;
}
