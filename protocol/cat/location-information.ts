// Location information data object, ETSI TS 102 223 §8.19 / 3GPP TS 31.111 §8.19: MCC and MNC
// (TS 24.008 §10.5.1.3 coding), LAC or TAC, and a 2-byte cell identity or a 4-byte extended one.
import { catError, type LocatedTlv } from './object-list.ts';

/** A serving cell. `cellId` is 16 bits (GERAN) or 32 bits (UTRAN extended, E-UTRAN ECI + F). */
export interface LocationInformation {
  readonly mcc: string;
  /** Two or three digits. */
  readonly mnc: string;
  /** Location area code (or tracking area code). */
  readonly lac: number;
  readonly cellId: number;
  readonly cellIdOctets: 2 | 4;
}

export function decodeLocationInformation(tlv: LocatedTlv): LocationInformation {
  const v = tlv.value;
  if (v.length !== 7 && v.length !== 9) {
    catError('BAD_LOCATION', tlv.offset, `location information of ${v.length} bytes`);
  }
  const nibbles = [v[0]! & 15, v[0]! >> 4, v[1]! & 15, v[2]! & 15, v[2]! >> 4, v[1]! >> 4];
  const digits = nibbles.map((n, i) => (i === 5 && n === 15 ? '' : n < 10 ? String(n) : null));
  if (digits.includes(null)) catError('BAD_LOCATION', tlv.offset, 'MCC/MNC digit out of range');
  const lac = (v[3]! << 8) | v[4]!;
  const cellIdOctets = v.length === 7 ? 2 : 4;
  let cellId = 0;
  for (let i = 5; i < v.length; i++) cellId = cellId * 256 + v[i]!;
  return {
    mcc: digits.slice(0, 3).join(''),
    mnc: digits.slice(3).join(''),
    lac,
    cellId,
    cellIdOctets,
  };
}

export function encodeLocationInformation(loc: LocationInformation): Uint8Array {
  if (!/^\d{3}$/.test(loc.mcc) || !/^\d{2,3}$/.test(loc.mnc)) {
    throw new RangeError(`MCC ${loc.mcc} / MNC ${loc.mnc} is not 3 + 2..3 digits`);
  }
  const d = (s: string, i: number): number => (i < s.length ? Number(s[i]) : 15);
  const out = new Uint8Array(5 + loc.cellIdOctets);
  out[0] = (d(loc.mcc, 1) << 4) | d(loc.mcc, 0);
  out[1] = (d(loc.mnc, 2) << 4) | d(loc.mcc, 2);
  out[2] = (d(loc.mnc, 1) << 4) | d(loc.mnc, 0);
  out[3] = loc.lac >> 8;
  out[4] = loc.lac & 0xff;
  let cell = loc.cellId;
  for (let i = out.length - 1; i >= 5; i--) {
    out[i] = cell % 256;
    cell = Math.floor(cell / 256);
  }
  return out;
}
