// 3GPP TS 31.115 §4: secured packets in SMS user data. The command packet follows a UDH with the
// CPI (IEI 70, IEDL 0), the response packet one with the RPI (IEI 71, IEDL 0); a longer packet is
// split over concatenated SMS (TS 23.040 §9.2.3.24.1), the CPI/RPI in the first segment only.
import { ByteReader, ByteWriter, DecodeError, concatBytes } from '../bytes/index.ts';

/** Command Packet Identifier IEI (TS 31.115 §4.2). */
export const IEI_COMMAND_PACKET = 0x70;
/** Response Packet Identifier IEI (TS 31.115 §4.3). */
export const IEI_RESPONSE_PACKET = 0x71;
/** Concatenated short messages, 8-bit reference (TS 23.040 §9.2.3.24.1). */
export const IEI_CONCAT_8BIT = 0x00;
/** Concatenated short messages, 16-bit reference (TS 23.040 §9.2.3.24.8). */
export const IEI_CONCAT_16BIT = 0x08;
/** Octets of 8-bit user data in one SMS (TS 23.040 §9.2.3.16). */
export const MAX_USER_DATA = 140;

export type PacketKind = 'command' | 'response';

/** Concatenation information of one segment. */
export interface Concatenation {
  readonly reference: number;
  readonly total: number;
  /** 1-based. */
  readonly sequence: number;
}

/** One SMS worth of user data: UDH and packet octets; `udhl` is its first octet. */
export interface SecuredUserData {
  readonly userData: Uint8Array;
  readonly udhl: number;
}

/** What a user data field holds: the packet (part) and where it belongs. */
export interface SecuredSegment {
  /** 'command'/'response' when the CPI/RPI is present; undefined in a later segment. */
  readonly kind: PacketKind | undefined;
  readonly concatenation: Concatenation | undefined;
  readonly payload: Uint8Array;
}

/**
 * Splits a packet into the user data of one SMS or, when longer, of concatenated SMS with
 * reference `reference` (0-255 uses IEI 00, larger IEI 08).
 */
export function packetToUserData(
  kind: PacketKind,
  packet: Uint8Array,
  reference = 0,
): SecuredUserData[] {
  const identifier = Uint8Array.of(
    kind === 'command' ? IEI_COMMAND_PACKET : IEI_RESPONSE_PACKET,
    0,
  );
  if (packet.length + 3 <= MAX_USER_DATA) return [withHeader(identifier, packet)];
  if (!Number.isInteger(reference) || reference < 0 || reference > 0xffff) {
    throw new RangeError(`concatenation reference must be 0-65535, got ${reference}`);
  }
  const concatLength = reference > 0xff ? 6 : 5;
  const firstRoom = MAX_USER_DATA - 1 - concatLength - 2;
  const laterRoom = MAX_USER_DATA - 1 - concatLength;
  const total = 1 + Math.ceil(Math.max(0, packet.length - firstRoom) / laterRoom);
  if (total > 255)
    throw new RangeError(`packet of ${packet.length} octets needs more than 255 SMS`);
  const out: SecuredUserData[] = [];
  for (let sequence = 1, offset = 0; sequence <= total; sequence++) {
    const room = sequence === 1 ? firstRoom : laterRoom;
    const concat = concatElement({ reference, total, sequence });
    const ies = sequence === 1 ? concatBytes(concat, identifier) : concat;
    out.push(withHeader(ies, packet.slice(offset, offset + room)));
    offset += room;
  }
  return out;
}

/** Reads one user data field (UDHI set): finds the CPI/RPI and concatenation elements. */
export function readSecuredUserData(userData: Uint8Array): SecuredSegment {
  if (userData.length > MAX_USER_DATA) {
    throw new DecodeError(
      'OTA_UDH_TOO_LONG',
      MAX_USER_DATA,
      `user data of ${userData.length} octets`,
    );
  }
  const reader = new ByteReader(userData, 'OTA_UDH');
  const header = reader.sub(reader.u8());
  let kind: PacketKind | undefined;
  let concatenation: Concatenation | undefined;
  while (!header.atEnd) {
    const iei = header.u8();
    const element = header.sub(header.u8());
    if (iei === IEI_COMMAND_PACKET || iei === IEI_RESPONSE_PACKET) {
      if (kind !== undefined) element.fail('REPEATED', 'more than one CPI/RPI');
      element.expectEnd('CPI/RPI');
      kind = iei === IEI_COMMAND_PACKET ? 'command' : 'response';
    } else if (iei === IEI_CONCAT_8BIT || iei === IEI_CONCAT_16BIT) {
      if (concatenation !== undefined)
        element.fail('REPEATED', 'more than one concatenation element');
      concatenation = readConcatenation(element, iei === IEI_CONCAT_16BIT);
    }
  }
  if (kind === undefined && concatenation === undefined) {
    throw new DecodeError(
      'OTA_UDH_NOT_SECURED',
      0,
      'no CPI (70), RPI (71) or concatenation element',
    );
  }
  return { kind, concatenation, payload: reader.rest() };
}

/**
 * Joins the segments of one packet (any order) into the packet octets. Throws DecodeError when a
 * segment is missing, repeated, from another message, or the first carries no CPI/RPI.
 */
export function joinSecuredSegments(segments: readonly SecuredSegment[]): {
  readonly kind: PacketKind;
  readonly packet: Uint8Array;
} {
  const first = segments[0];
  if (first === undefined) throw new DecodeError('OTA_UDH_NO_SEGMENTS', 0, 'no segment given');
  if (first.concatenation === undefined) {
    if (segments.length !== 1 || first.kind === undefined) {
      throw new DecodeError(
        'OTA_UDH_SEGMENTS',
        0,
        'unconcatenated packet must be one segment with a CPI/RPI',
      );
    }
    return { kind: first.kind, packet: first.payload };
  }
  const { reference, total } = first.concatenation;
  const ordered: (SecuredSegment | undefined)[] = new Array<SecuredSegment | undefined>(total);
  for (const segment of segments) {
    const c = segment.concatenation;
    if (
      c === undefined ||
      c.reference !== reference ||
      c.total !== total ||
      ordered[c.sequence - 1] !== undefined
    ) {
      throw new DecodeError('OTA_UDH_SEGMENTS', 0, 'segment from another message or repeated');
    }
    ordered[c.sequence - 1] = segment;
  }
  const present = ordered.filter((s): s is SecuredSegment => s !== undefined);
  const kind = present[0]?.kind;
  if (
    present.length !== total ||
    kind === undefined ||
    present.slice(1).some((s) => s.kind !== undefined)
  ) {
    throw new DecodeError(
      'OTA_UDH_SEGMENTS',
      0,
      'segments missing, or CPI/RPI not only in the first',
    );
  }
  return { kind, packet: concatBytes(...present.map((s) => s.payload)) };
}

function withHeader(elements: Uint8Array, payload: Uint8Array): SecuredUserData {
  return {
    userData: concatBytes(Uint8Array.of(elements.length), elements, payload),
    udhl: elements.length,
  };
}

function concatElement(c: Concatenation): Uint8Array {
  const writer = new ByteWriter();
  if (c.reference > 0xff) writer.u8(IEI_CONCAT_16BIT).u8(4).u16(c.reference);
  else writer.u8(IEI_CONCAT_8BIT).u8(3).u8(c.reference);
  return writer.u8(c.total).u8(c.sequence).finish();
}

function readConcatenation(element: ByteReader, wide: boolean): Concatenation {
  const reference = wide ? element.u16() : element.u8();
  const total = element.u8();
  const sequence = element.u8();
  element.expectEnd('concatenation element');
  if (total === 0 || sequence === 0 || sequence > total) {
    element.fail('BAD_CONCAT', `segment ${sequence} of ${total}`);
  }
  return { reference, total, sequence };
}
