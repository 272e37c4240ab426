// JSON form of TS 23.040 §9.2.3.24 user data for tools: the header elements decoded, the text
// where the DCS has one, and TP-UDL with the TP-UD hex exactly as sent so nothing is lost.
import { ByteWriter, bytesEqual, toHex } from '../bytes/index.ts';
import { userDataUnits, type Dcs } from './dcs.ts';
import {
  JsonFieldError,
  arrayField,
  asObject,
  choiceField,
  fieldPath,
  has,
  hexField,
  intField,
  stringField,
  type JsonObject,
} from './json-fields.ts';
import {
  decodeUserData,
  textBody,
  userDataText,
  writeUserData,
  type UserData,
} from './user-data.ts';
import { encodeUserDataHeader, type InformationElement } from './user-data-header.ts';

/** `{ length, hex, header?, text? }`: TP-UDL, TP-UD as sent, then what they mean. */
export function userDataToJson(data: UserData, dcs: Dcs): Record<string, unknown> {
  const writer = new ByteWriter(141);
  writeUserData(writer, dcs, data);
  const bytes = writer.finish();
  const text = userDataText(data, dcs);
  return {
    length: bytes[0],
    hex: toHex(bytes.subarray(1)),
    ...(data.header === undefined ? {} : { header: data.header.map(elementToJson) }),
    ...(text === undefined ? { body: toHex(data.body) } : { text }),
  };
}

/**
 * Reads user data. With `hex` (and `length` for GSM 7 bit) the bytes are taken as they are
 * and any `text`, `body` or `header` given must agree with them; otherwise the body comes from
 * `text` (or `body` hex for 8-bit data) and the header from `header`.
 */
export function userDataFromJson(value: unknown, dcs: Dcs, path: string): UserData {
  const o = asObject(value, path);
  const built = has(o, 'hex') ? fromWire(o, dcs, path) : fromParts(o, dcs, path);
  if (
    has(o, 'hex') &&
    has(o, 'text') &&
    userDataText(built, dcs) !== stringField(o, 'text', path)
  ) {
    throw new JsonFieldError(fieldPath(path, 'text'), 'disagrees with userData.hex; drop one');
  }
  if (has(o, 'hex') && has(o, 'body') && !bytesEqual(hexField(o, 'body', path), built.body)) {
    throw new JsonFieldError(fieldPath(path, 'body'), 'disagrees with userData.hex; drop one');
  }
  if (has(o, 'hex') && has(o, 'header')) {
    const given = encodeUserDataHeader(headerFromJson(o, path));
    const actual = encodeUserDataHeader(built.header ?? []);
    if (built.header === undefined || !bytesEqual(given, actual)) {
      throw new JsonFieldError(fieldPath(path, 'header'), 'disagrees with userData.hex; drop one');
    }
  }
  return built;
}

function fromWire(o: JsonObject, dcs: Dcs, path: string): UserData {
  const bytes = hexField(o, 'hex', path);
  const septets = userDataUnits(dcs) === 'septets';
  const fallback = septets ? Math.floor((bytes.length * 8) / 7) : bytes.length;
  const length = intField(o, 'length', path, 0, septets ? 160 : 140, fallback);
  const udhi = has(o, 'header') || o['udhi'] === true;
  try {
    return decodeUserData(Uint8Array.of(length, ...bytes), dcs, udhi);
  } catch (error) {
    const what = error instanceof Error ? error.message : String(error);
    throw new JsonFieldError(fieldPath(path, 'hex'), `does not match length and DCS (${what})`);
  }
}

function fromParts(o: JsonObject, dcs: Dcs, path: string): UserData {
  const header = has(o, 'header') ? { header: headerFromJson(o, path) } : {};
  let body: Uint8Array;
  if (has(o, 'text')) {
    try {
      body = textBody(stringField(o, 'text', path), dcs);
    } catch (error) {
      throw new JsonFieldError(
        fieldPath(path, 'text'),
        error instanceof Error ? error.message : String(error),
      );
    }
  } else if (has(o, 'body')) {
    body = hexField(o, 'body', path);
  } else {
    throw new JsonFieldError(path, 'expected hex, text or body');
  }
  return { ...header, body };
}

/** One information element, with `data` as hex for elements kept as received. */
export function elementToJson(e: InformationElement): Record<string, unknown> {
  return e.type === 'other' ? { type: 'other', iei: e.iei, data: toHex(e.data) } : { ...e };
}

function headerFromJson(o: JsonObject, path: string): InformationElement[] {
  const list = arrayField(o, 'header', path);
  return list.map((item, i) => elementFromJson(item, `${fieldPath(path, 'header')}[${i}]`));
}

function elementFromJson(value: unknown, path: string): InformationElement {
  const o = asObject(value, path);
  const type = choiceField(o, 'type', path, [
    'concat',
    'port',
    'otaCommand',
    'otaResponse',
    'other',
  ]);
  switch (type) {
    case 'concat': {
      const referenceBits = intField(o, 'referenceBits', path, 8, 16, 8);
      if (referenceBits !== 8 && referenceBits !== 16)
        throw new JsonFieldError(fieldPath(path, 'referenceBits'), 'expected 8 or 16');
      return {
        type,
        referenceBits,
        reference: intField(o, 'reference', path, 0, referenceBits === 8 ? 0xff : 0xffff),
        total: intField(o, 'total', path, 0, 255),
        sequence: intField(o, 'sequence', path, 0, 255),
      };
    }
    case 'port': {
      const portBits = intField(o, 'portBits', path, 8, 16, 16);
      if (portBits !== 8 && portBits !== 16)
        throw new JsonFieldError(fieldPath(path, 'portBits'), 'expected 8 or 16');
      const max = portBits === 8 ? 0xff : 0xffff;
      return {
        type,
        portBits,
        destination: intField(o, 'destination', path, 0, max),
        source: intField(o, 'source', path, 0, max),
      };
    }
    case 'otaCommand':
    case 'otaResponse':
      return { type };
    case 'other':
      return { type, iei: intField(o, 'iei', path, 0, 255), data: hexField(o, 'data', path) };
  }
}
