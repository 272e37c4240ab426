// 3GPP TS 23.040 §9.2.3.16 TP-User-Data-Length and §9.2.3.24 TP-User-Data: a septet count for
// GSM 7 bit (header and fill bits included), an octet count otherwise; optional header (UDHI).
import { ByteReader, ByteWriter, DecodeError } from '../bytes/index.ts';
import { textAlphabet, userDataUnits, type Dcs } from './dcs.ts';
import { decodeGsm7Septets, encodeGsm7Septets } from './gsm7-alphabet.ts';
import { packSeptets, unpackSeptets } from './septet-packing.ts';
import {
  encodeUserDataHeader,
  readUserDataHeader,
  type InformationElement,
} from './user-data-header.ts';

/** Most user data octets in one TPDU (TS 23.040 §9.2.3.24). */
export const MAX_USER_DATA_OCTETS = 140;
/** Most septets in one TPDU: 140 octets of packed GSM 7 bit. */
export const MAX_USER_DATA_SEPTETS = 160;

/** TP-UD: the header (present exactly when TP-UDHI is set) and the body. */
export interface UserData {
  readonly header?: readonly InformationElement[];
  /** GSM 7 bit: septet values, one per byte. 8-bit, UCS2, compressed: the octets. */
  readonly body: Uint8Array;
}

/** Reads TP-UDL and TP-UD laid out as `dcs` says, with a header when `udhi`. */
export function readUserData(reader: ByteReader, dcs: Dcs, udhi: boolean): UserData {
  const start = reader.offset;
  const udl = reader.u8();
  const septets = userDataUnits(dcs) === 'septets';
  const max = septets ? MAX_USER_DATA_SEPTETS : MAX_USER_DATA_OCTETS;
  if (udl > max) fail(start, `TP-UDL ${udl} exceeds ${max}`);
  const octets = reader.sub(septets ? Math.ceil((udl * 7) / 8) : udl);
  let header: InformationElement[] | undefined;
  let headerOctets = 0;
  if (udhi) {
    if (octets.atEnd) fail(start, 'TP-UDHI set but no user data header');
    header = readUserDataHeader(octets);
    headerOctets = octets.offset - start - 1;
  }
  if (!septets) {
    const body = octets.rest();
    if (textAlphabet(dcs) === 'ucs2' && body.length % 2 !== 0) {
      throw new DecodeError('SMS_BAD_UCS2', octets.offset, 'UCS2 text of an odd octet count');
    }
    return header === undefined ? { body } : { header, body };
  }
  const headerSeptets = Math.ceil((headerOctets * 8) / 7);
  if (headerSeptets > udl)
    fail(start, `TP-UDL ${udl} shorter than the ${headerOctets}-octet header`);
  const fill = headerSeptets * 7 - headerOctets * 8;
  const body = unpackSeptets(octets.rest(), udl - headerSeptets, fill);
  return header === undefined ? { body } : { header, body };
}

/** Writes TP-UDL and TP-UD. Throws RangeError when the data does not fit one TPDU. */
export function writeUserData(writer: ByteWriter, dcs: Dcs, data: UserData): void {
  const header = data.header === undefined ? new Uint8Array(0) : encodeUserDataHeader(data.header);
  if (userDataUnits(dcs) === 'octets') {
    const udl = header.length + data.body.length;
    if (udl > MAX_USER_DATA_OCTETS) throw new RangeError(`user data of ${udl} octets exceeds 140`);
    writer.u8(udl).bytes(header).bytes(data.body);
    return;
  }
  const headerSeptets = Math.ceil((header.length * 8) / 7);
  const udl = headerSeptets + data.body.length;
  if (udl > MAX_USER_DATA_SEPTETS) throw new RangeError(`user data of ${udl} septets exceeds 160`);
  const fill = headerSeptets * 7 - header.length * 8;
  writer.u8(udl).bytes(header).bytes(packSeptets(data.body, fill));
}

/** Body units (septets or octets) left for text after `header` in one TPDU. */
export function userDataCapacity(dcs: Dcs, header?: readonly InformationElement[]): number {
  const headerOctets = header === undefined ? 0 : encodeUserDataHeader(header).length;
  if (userDataUnits(dcs) === 'octets') return MAX_USER_DATA_OCTETS - headerOctets;
  return MAX_USER_DATA_SEPTETS - Math.ceil((headerOctets * 8) / 7);
}

/** The text of GSM 7 bit or UCS2 user data (UTF-16 code units as sent); undefined for 8-bit. */
export function userDataText(data: UserData, dcs: Dcs): string | undefined {
  const alphabet = textAlphabet(dcs);
  if (alphabet === 'gsm7') return decodeGsm7Septets(data.body);
  if (alphabet === '8bit') return undefined;
  let text = '';
  for (let i = 0; i + 1 < data.body.length; i += 2) {
    text += String.fromCharCode((data.body[i]! << 8) | data.body[i + 1]!);
  }
  return text;
}

/**
 * The body for `text` in the DCS's alphabet: GSM 7 bit septets, or UCS2 code units (big
 * endian; characters outside the BMP as surrogate pairs). Throws RangeError for 8-bit DCS or
 * characters GSM 7 bit lacks.
 */
export function textBody(text: string, dcs: Dcs): Uint8Array {
  const alphabet = textAlphabet(dcs);
  if (alphabet === 'gsm7') return encodeGsm7Septets(text);
  if (alphabet === '8bit') throw new RangeError('an 8-bit data coding scheme carries no text');
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return out;
}

/** Decodes TP-UDL and TP-UD alone (as in tests and tools), rejecting trailing bytes. */
export function decodeUserData(bytes: Uint8Array, dcs: Dcs, udhi: boolean): UserData {
  const reader = new ByteReader(bytes, 'SMS');
  const data = readUserData(reader, dcs, udhi);
  reader.expectEnd('user data');
  return data;
}

/** Encodes TP-UDL and TP-UD alone. */
export function encodeUserData(dcs: Dcs, data: UserData): Uint8Array {
  const writer = new ByteWriter(141);
  writeUserData(writer, dcs, data);
  return writer.finish();
}

function fail(offset: number, message: string): never {
  throw new DecodeError('SMS_BAD_UDL', offset, message);
}
