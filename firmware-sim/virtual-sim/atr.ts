// The virtual SIM's Answer-to-Reset (ISO/IEC 7816-3 §8.2, TS 102 221 §6.3): direct convention,
// TA1 96 (Fi 512, Di 32 offered through PPS), T=0 only; a UICC adds the T=15 global byte TA
// C7 (clock stop without preference, voltage classes A, B and C). Historical bytes 80 31 E0:
// category 80, card service data E0 (ISO/IEC 7816-4 §8.1.1.2.3).
import { fromHex } from '../../protocol/bytes/index.ts';
import { encodeAtr, type Atr } from '../../protocol/iso7816/atr.ts';
import type { Profile } from './profile.ts';

const HISTORICAL = Uint8Array.of(0x80, 0x31, 0xe0);

/** ATR of a UICC: 3B 93 96 80 1F C7 80 31 E0 + TCK (T=15 is indicated, so TCK is present). */
export const UICC_ATR: Atr = {
  convention: 'direct',
  groups: [{ ta: 0x96, t: 0 }, { t: 15 }, { ta: 0xc7 }],
  historical: HISTORICAL,
};

/** ATR of a 2G SIM: 3B 93 96 00 80 31 E0 (T=0 only, no TCK). */
export const GSM_SIM_ATR: Atr = {
  convention: 'direct',
  groups: [{ ta: 0x96, t: 0 }],
  historical: HISTORICAL,
};

/** The ATR bytes of a profile: its own `atr` if set, else the default for its card type. */
export function profileAtr(profile: Profile): Uint8Array {
  if (profile.atr !== undefined) return fromHex(profile.atr);
  return encodeAtr(profile.uicc ? UICC_ATR : GSM_SIM_ATR);
}
