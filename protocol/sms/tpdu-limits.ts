// 3GPP TS 23.040 §9.2.2 bounds shared by every TPDU codec: the longest TPDU (an SMS-SUBMIT with
// a 12-octet TP-DA, a 7-octet TP-VP and 140 octets of user data) and first-octet bit access.
import { DecodeError } from '../bytes/index.ts';

/** Longest TPDU: 1 + 1 + 12 + 1 + 1 + 7 + 1 + 140 octets (SMS-SUBMIT). */
export const MAX_TPDU_LENGTH = 164;

/** Throws SMS_TOO_LONG for input longer than any TPDU, before decoding starts. */
export function checkTpduLength(bytes: Uint8Array): void {
  if (bytes.length > MAX_TPDU_LENGTH) {
    throw new DecodeError(
      'SMS_TOO_LONG',
      MAX_TPDU_LENGTH,
      `${bytes.length} octets exceed ${MAX_TPDU_LENGTH}`,
    );
  }
}

/** Bit `bit` (0 = least significant) of `octet`. */
export function flag(octet: number, bit: number): boolean {
  return ((octet >> bit) & 1) === 1;
}
