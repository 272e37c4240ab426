// Item data object, ETSI TS 102 223 §8.9: an item identifier and the item text in the SIM
// alphabet (TS 102 221 annex A). A null item (length 0) removes a SET UP MENU menu.
import { catError, type LocatedTlv } from './object-list.ts';
import { decodeSimAlphabet, encodeSimAlphabet } from './sim-alphabet.ts';

/** One menu or selection entry. */
export interface Item {
  readonly id: number;
  readonly text: string;
}

/** Decodes an item; `null` for the null item. */
export function decodeItem(tlv: LocatedTlv): Item | null {
  if (tlv.value.length === 0) return null;
  const id = tlv.value[0]!;
  if (id === 0) catError('BAD_ITEM', tlv.offset, 'item identifier 00 is reserved');
  return { id, text: decodeSimAlphabet(tlv.value.subarray(1), tlv.offset + 2) };
}

/** Encodes an item; `null` gives the null item. */
export function encodeItem(item: Item | null): Uint8Array {
  if (item === null) return new Uint8Array(0);
  if (!Number.isInteger(item.id) || item.id < 1 || item.id > 0xff) {
    throw new RangeError(`item identifier ${item.id} is outside 1..255`);
  }
  const text = encodeSimAlphabet(item.text);
  const out = new Uint8Array(1 + text.length);
  out[0] = item.id;
  out.set(text, 1);
  return out;
}

/** Alpha identifier (§8.2): the SIM alphabet text; '' for a null alpha identifier. */
export function decodeAlphaIdentifier(tlv: LocatedTlv): string {
  return decodeSimAlphabet(tlv.value, tlv.offset + 2);
}

export function encodeAlphaIdentifier(text: string): Uint8Array {
  return encodeSimAlphabet(text);
}
