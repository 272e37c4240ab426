// Digit-string data objects, ETSI TS 102 223 §8.1 Address (TON/NPI + swapped BCD dialling number,
// coded as EF_ADN in TS 31.102 §4.4.2.3) and §8.44 DTMF string (swapped BCD, 'C' = pause).
import { decodeSwappedBcd, encodeSwappedBcd, isBcdDigits } from '../bytes/index.ts';
import { catError, type LocatedTlv } from './object-list.ts';

/** Type of number (TS 24.008 §10.5.4.7). */
export const Ton = { unknown: 0, international: 1, national: 2, networkSpecific: 3 } as const;
/** Numbering plan identification (TS 24.008 §10.5.4.7). */
export const Npi = { unknown: 0, isdn: 1, data: 3, telex: 4, national: 8, private: 9 } as const;

/**
 * An Address object. `digits` uses `0-9 * #` and `,` for the BCD value C (pause / DTMF control
 * digit separator); D and E (wild, expansion) appear as `b` and `c`.
 */
export interface Address {
  readonly ton: number;
  readonly npi: number;
  readonly digits: string;
}

/** Most digits an Address object can carry in a 255-byte value. */
export const ADDRESS_MAX_DIGITS = 2 * 254;

export function decodeAddress(tlv: LocatedTlv): Address {
  if (tlv.value.length === 0) catError('BAD_ADDRESS', tlv.offset, 'address without TON/NPI');
  const tonNpi = tlv.value[0]!;
  return {
    ton: (tonNpi >> 4) & 0x07,
    npi: tonNpi & 0x0f,
    digits: toDialString(decodeSwappedBcd(tlv.value.subarray(1))),
  };
}

/** RangeError for a character outside the dial-string alphabet or a TON/NPI out of range. */
export function encodeAddress(address: Address): Uint8Array {
  if (address.ton > 7 || address.npi > 15 || address.ton < 0 || address.npi < 0) {
    throw new RangeError(`TON ${address.ton} / NPI ${address.npi} out of range`);
  }
  const digits = encodeDialString(address.digits);
  const out = new Uint8Array(1 + digits.length);
  out[0] = 0x80 | (address.ton << 4) | address.npi;
  out.set(digits, 1);
  return out;
}

/** DTMF string (§8.44) as dial-string characters (`,` = pause). */
export function decodeDtmfString(tlv: LocatedTlv): string {
  if (tlv.value.length === 0) catError('BAD_DTMF', tlv.offset, 'empty DTMF string');
  return toDialString(decodeSwappedBcd(tlv.value));
}

export function encodeDtmfString(digits: string): Uint8Array {
  if (digits.length === 0) throw new RangeError('a DTMF string needs at least one digit');
  return encodeDialString(digits);
}

function toDialString(bcdDigits: string): string {
  return bcdDigits.replaceAll('a', ',');
}

function encodeDialString(digits: string): Uint8Array {
  const bcd = digits.replaceAll(',', 'a');
  if (!isBcdDigits(bcd) || /[aA]/.test(digits)) {
    throw new RangeError(`'${digits}' is not a dial string (0-9 * # ,)`);
  }
  return encodeSwappedBcd(bcd);
}
