// Contents of the SIM files a handset reads at start-up: EF_ICCID (TS 102 221 §13.2), EF_IMSI
// (TS 51.011 §10.3.2, TS 24.008 §10.5.1.4), EF_MSISDN as an ADN record (§10.5.1), EF_SST service
// bits (§10.3.7) and the service centre address of EF_SMSP (§10.5.6).
import { ByteReader, DecodeError, decodeSwappedBcd } from '../../protocol/bytes/index.ts';
import { readRpAddress, formatAddress } from '../../protocol/sms/address.ts';

/** ICCID digits (the F filler of a 19-digit ICCID dropped). */
export function decodeIccid(bytes: Uint8Array): string {
  return decodeSwappedBcd(bytes);
}

/** IMSI digits: length octet, then the identity digits with the odd/even flag in the first nibble. */
export function decodeImsi(bytes: Uint8Array): string {
  const length = bytes[0];
  if (length === undefined || length === 0 || length > 8 || bytes.length < 1 + length) {
    throw new DecodeError('SIM_BAD_IMSI', 0, 'EF_IMSI length octet out of range');
  }
  // The first semi-octet is the odd/even flag and identity type; an even count ends in F,
  // where decoding stops.
  return decodeSwappedBcd(bytes.subarray(1, 1 + length)).slice(1);
}

/** The dialling number of an ADN-format record (alpha, length, TON/NPI, BCD); '' when empty. */
export function decodeAdnNumber(record: Uint8Array): string {
  const alpha = record.length - 14;
  if (alpha < 0) throw new DecodeError('SIM_BAD_ADN', 0, 'ADN record shorter than 14 bytes');
  const length = record[alpha]!;
  if (length === 0xff || length < 2 || length > 11) return '';
  const tonNpi = record[alpha + 1]!;
  const digits = decodeSwappedBcd(record.subarray(alpha + 2, alpha + 1 + length));
  return ((tonNpi >> 4) & 7) === 1 ? `+${digits}` : digits;
}

/** True when EF_SST marks service `n` (1-based) allocated and activated (two bits per service). */
export function sstHasService(sst: Uint8Array, n: number): boolean {
  const byte = sst[Math.floor((n - 1) / 4)] ?? 0;
  const shift = ((n - 1) % 4) * 2;
  return ((byte >> shift) & 3) === 3;
}

/** SIM service numbers the handset looks at (TS 51.011 §10.3.7). */
export const SstService = {
  chv1Disable: 1,
  sms: 10,
  smsParameters: 12,
  dataDownloadViaSmsPp: 26,
  moSmsControl: 37,
} as const;

/** True when EF_UST marks service `n` (1-based) available: one bit per service (TS 31.102 §4.2.8). */
export function ustHasService(ust: Uint8Array, n: number): boolean {
  const byte = ust[(n - 1) >> 3] ?? 0;
  return ((byte >> ((n - 1) & 7)) & 1) === 1;
}

/** USIM service numbers the handset looks at (TS 31.102 §4.2.8). */
export const UstService = {
  dataDownloadViaSmsPp: 28,
  moSmsControl: 31,
} as const;

/** SMSP parameter indicator b2 clear: the service centre address is present (inverted logic). */
const SC_PRESENT = 0x02;
const SMSP_TAIL = 28;

/** The service centre address of an EF_SMSP record (`+` international), or undefined. */
export function decodeSmspServiceCentre(record: Uint8Array): string | undefined {
  const alpha = record.length - SMSP_TAIL;
  if (alpha < 0) throw new DecodeError('SIM_BAD_SMSP', 0, 'EF_SMSP record shorter than 28 bytes');
  if ((record[alpha]! & SC_PRESENT) !== 0) return undefined;
  const field = record.subarray(alpha + 13, alpha + 25);
  if (field[0] === 0xff || field[0] === 0) return undefined;
  const address = readRpAddress(new ByteReader(field.subarray(0, 1 + field[0]!), 'SIM'));
  return address === undefined ? undefined : formatAddress(address);
}
