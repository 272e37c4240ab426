// 3GPP TS 23.040 §9.1.2.5 TP address fields (length in useful semi-octets, alphanumeric
// addresses packed in GSM 7 bit) and TS 24.011 §8.2.5.1 RP addresses (length in octets).
import { ByteReader, ByteWriter, DecodeError } from '../bytes/index.ts';
import { decodeSwappedBcd, encodeSwappedBcd, toHex } from '../bytes/index.ts';
import { decodeGsm7Septets, encodeGsm7Septets } from './gsm7-alphabet.ts';
import { packSeptets, packedLength, unpackSeptets } from './septet-packing.ts';

/** Type of number (TS 23.040 §9.1.2.5, bits 6-4 of the type-of-address octet). */
export const Ton = {
  unknown: 0,
  international: 1,
  national: 2,
  networkSpecific: 3,
  subscriber: 4,
  alphanumeric: 5,
  abbreviated: 6,
  reserved: 7,
} as const;

/** Numbering plan identification (bits 3-0); 1 = ISDN/telephone (E.164/E.163). */
export const Npi = { unknown: 0, isdn: 1, data: 3, telex: 4, national: 8, private: 9 } as const;

/**
 * An SMS address. `value` holds the digits (0-9 * # a b c) for every type of number except
 * alphanumeric (TON 5), where it holds the text.
 */
export interface SmsAddress {
  readonly ton: number;
  readonly npi: number;
  readonly value: string;
}

/** Most digits a TP or RP address carries (10 octets of semi-octets). */
export const MAX_ADDRESS_DIGITS = 20;
/** Most characters of an alphanumeric TP address (10 octets of packed septets). */
export const MAX_ALPHANUMERIC_SEPTETS = 11;

/** `+4670...` -> international/ISDN, other digit strings -> unknown/ISDN. */
export function phoneAddress(number: string): SmsAddress {
  const international = number.startsWith('+');
  return {
    ton: international ? Ton.international : Ton.unknown,
    npi: Npi.isdn,
    value: international ? number.slice(1) : number,
  };
}

/** `+digits` for international numbers, the digits or text otherwise. */
export function formatAddress(address: SmsAddress): string {
  return address.ton === Ton.international ? `+${address.value}` : address.value;
}

/** Reads a TP address field (TP-OA, TP-DA, TP-RA): length, type of address, value. */
export function readTpAddress(reader: ByteReader): SmsAddress {
  const start = reader.offset;
  const length = reader.u8();
  const toa = readToa(reader);
  if (toa.ton === Ton.alphanumeric) {
    if (length > packedLength(MAX_ALPHANUMERIC_SEPTETS) * 2) fail(start, `length ${length}`);
    const octets = reader.take(Math.ceil(length / 2));
    const septets = unpackSeptets(octets, Math.floor((length * 4) / 7));
    return { ...toa, value: decodeGsm7Septets(septets) };
  }
  if (length > MAX_ADDRESS_DIGITS) fail(start, `length ${length} exceeds ${MAX_ADDRESS_DIGITS}`);
  const octets = reader.take(Math.ceil(length / 2));
  return { ...toa, value: readDigits(octets, length, start) };
}

/** Writes a TP address field. Throws RangeError for values the field cannot carry. */
export function writeTpAddress(writer: ByteWriter, address: SmsAddress): void {
  if (address.ton === Ton.alphanumeric) {
    const septets = encodeGsm7Septets(address.value);
    if (septets.length > MAX_ALPHANUMERIC_SEPTETS) {
      throw new RangeError(`alphanumeric address over ${MAX_ALPHANUMERIC_SEPTETS} septets`);
    }
    writer.u8(Math.ceil((septets.length * 7) / 4)).u8(toaOctet(address));
    writer.bytes(packSeptets(septets));
    return;
  }
  checkDigits(address.value);
  writer.u8(address.value.length).u8(toaOctet(address));
  writer.bytes(encodeSwappedBcd(address.value));
}

/**
 * Reads an RP address (TS 24.011 §8.2.5.1) as EF_SMS and AT+CMGS PDUs carry the service
 * centre: octet count including the type of address, then digits. Length 0 means none.
 */
export function readRpAddress(reader: ByteReader): SmsAddress | undefined {
  const start = reader.offset;
  const length = reader.u8();
  if (length === 0) return undefined;
  if (length > 1 + MAX_ADDRESS_DIGITS / 2) fail(start, `RP address length ${length}`);
  const toa = readToa(reader);
  const octets = reader.take(length - 1);
  const digits = readDigits(octets, undefined, start);
  if (toHex(encodeSwappedBcd(digits)) !== toHex(octets)) {
    fail(start, 'F filler inside the RP address digits');
  }
  return { ...toa, value: digits };
}

/** Writes an RP address, or the single octet 00 when there is none. */
export function writeRpAddress(writer: ByteWriter, address: SmsAddress | undefined): void {
  if (address === undefined) {
    writer.u8(0);
    return;
  }
  checkDigits(address.value);
  const digits = encodeSwappedBcd(address.value);
  writer
    .u8(digits.length + 1)
    .u8(toaOctet(address))
    .bytes(digits);
}

/** Decodes one whole TP address field, rejecting trailing bytes. */
export function decodeTpAddress(bytes: Uint8Array): SmsAddress {
  const reader = new ByteReader(bytes, 'SMS');
  const address = readTpAddress(reader);
  reader.expectEnd('address');
  return address;
}

/** Encodes one TP address field. */
export function encodeTpAddress(address: SmsAddress): Uint8Array {
  const writer = new ByteWriter(12);
  writeTpAddress(writer, address);
  return writer.finish();
}

function readToa(reader: ByteReader): { ton: number; npi: number } {
  const toa = reader.u8();
  if ((toa & 0x80) === 0) reader.fail('BAD_ADDRESS', 'type-of-address bit 8 must be 1');
  return { ton: (toa >> 4) & 7, npi: toa & 0x0f };
}

function toaOctet(address: SmsAddress): number {
  const { ton, npi } = address;
  if (!Number.isInteger(ton) || ton < 0 || ton > 7) throw new RangeError(`TON ${ton} not 0-7`);
  if (!Number.isInteger(npi) || npi < 0 || npi > 15) throw new RangeError(`NPI ${npi} not 0-15`);
  return 0x80 | (ton << 4) | npi;
}

function readDigits(octets: Uint8Array, count: number | undefined, start: number): string {
  try {
    const digits = decodeSwappedBcd(octets, count, start);
    if (count !== undefined && count % 2 === 1 && octets[octets.length - 1]! >> 4 !== 0xf) {
      fail(start, 'odd digit count without F filler');
    }
    return digits;
  } catch (error) {
    if (error instanceof DecodeError && error.code.startsWith('BCD_')) {
      fail(error.offset, 'semi-octet F inside the digits');
    }
    throw error;
  }
}

function checkDigits(digits: string): void {
  if (digits.length > MAX_ADDRESS_DIGITS) {
    throw new RangeError(`address of ${digits.length} digits exceeds ${MAX_ADDRESS_DIGITS}`);
  }
  encodeSwappedBcd(digits);
}

function fail(offset: number, message: string): never {
  throw new DecodeError('SMS_BAD_ADDRESS', offset, message);
}
