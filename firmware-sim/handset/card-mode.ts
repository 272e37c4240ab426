// The two command sets a handset speaks to a card: GSM class A0 (3GPP TS 51.011 §9) and the UICC
// (ETSI TS 102 221 §10.1.1: CLA 00 for ISO commands, 80 for STATUS and the toolkit commands).
import { decodeAtr } from '../../protocol/iso7816/atr.ts';
import { DecodeError } from '../../protocol/bytes/index.ts';

/** Which command set the handset chose at start-up. */
export type CardMode = 'gsm' | 'uicc';

/** ISO/IEC 7816-4 interindustry class, used by the UICC for file and PIN commands. */
export const CLA_ISO = 0x00;
/** TS 102 221 §10.1.1 proprietary class of STATUS, TERMINAL PROFILE, ENVELOPE, FETCH, TERMINAL RESPONSE. */
export const CLA_UICC_PROPRIETARY = 0x80;
/** GSM class byte (TS 51.011 §9.2). */
export const CLA_GSM = 0xa0;

/** CLA of a file or PIN command in `mode`. */
export const fileClass = (mode: CardMode): number => (mode === 'uicc' ? CLA_ISO : CLA_GSM);

/** CLA of STATUS and the toolkit commands in `mode`. */
export const toolkitClass = (mode: CardMode): number =>
  mode === 'uicc' ? CLA_UICC_PROPRIETARY : CLA_GSM;

/**
 * True when the ATR cannot come from a UICC: no T=15 global interface bytes (TS 102 221 §6.3.3
 * puts the class indicator there), or an ATR that does not decode at all.
 */
export function isGsmOnlyAtr(atr: Uint8Array): boolean {
  try {
    const decoded = decodeAtr(atr);
    return !decoded.groups.some((g) => g.t === 15);
  } catch (error) {
    if (error instanceof DecodeError) return true;
    throw error;
  }
}
