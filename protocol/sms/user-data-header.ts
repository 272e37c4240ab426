// 3GPP TS 23.040 §9.2.3.24 TP-User-Data-Header: UDHL then information elements. Decoded here:
// concatenation (00, 08), application ports (04, 05) and the TS 31.115 OTA command and response
// packet identifiers (70, 71); every other element is kept as its identifier and bytes.
import { ByteReader, ByteWriter } from '../bytes/index.ts';

/** Information element identifiers this codec names (TS 23.040 §9.2.3.24 table). */
export const Iei = {
  concat8: 0x00,
  port8: 0x04,
  port16: 0x05,
  concat16: 0x08,
  otaCommand: 0x70,
  otaResponse: 0x71,
} as const;

/** One user data header information element, told apart by `type`. */
export type InformationElement =
  /** 00 (8-bit reference) or 08 (16-bit reference): part `sequence` of `total`. */
  | {
      readonly type: 'concat';
      readonly referenceBits: 8 | 16;
      readonly reference: number;
      readonly total: number;
      readonly sequence: number;
    }
  /** 04 (8-bit ports) or 05 (16-bit ports). */
  | {
      readonly type: 'port';
      readonly portBits: 8 | 16;
      readonly destination: number;
      readonly source: number;
    }
  /** 70: the user data is a secured command packet (TS 31.115 §4.2). */
  | { readonly type: 'otaCommand' }
  /** 71: the user data is a secured response packet (TS 31.115 §4.4). */
  | { readonly type: 'otaResponse' }
  /** Any other element, or a named one with an unexpected length, kept byte for byte. */
  | { readonly type: 'other'; readonly iei: number; readonly data: Uint8Array };

/** Reads UDHL and the elements; the header must fill exactly UDHL octets. */
export function readUserDataHeader(reader: ByteReader): InformationElement[] {
  const length = reader.u8();
  const header = reader.sub(length);
  const elements: InformationElement[] = [];
  while (!header.atEnd) {
    const iei = header.u8();
    const data = header.take(header.u8());
    elements.push(interpret(iei, data));
  }
  return elements;
}

/** Encodes UDHL and the elements. */
export function encodeUserDataHeader(elements: readonly InformationElement[]): Uint8Array {
  const body = new ByteWriter();
  for (const element of elements) {
    const [iei, data] = elementBytes(element);
    if (data.length > 0xff) throw new RangeError(`IE ${iei} longer than 255 octets`);
    body.u8(iei).u8(data.length).bytes(data);
  }
  const bytes = body.finish();
  if (bytes.length > 0xff) throw new RangeError('user data header longer than 255 octets');
  return new ByteWriter(bytes.length + 1).u8(bytes.length).bytes(bytes).finish();
}

/** Decodes a whole header (UDHL included), rejecting trailing bytes. */
export function decodeUserDataHeader(bytes: Uint8Array): InformationElement[] {
  const reader = new ByteReader(bytes, 'SMS');
  const elements = readUserDataHeader(reader);
  reader.expectEnd('user data header');
  return elements;
}

/** The concatenation element of a header, if any. */
export function findConcat(
  elements: readonly InformationElement[] | undefined,
): Extract<InformationElement, { type: 'concat' }> | undefined {
  for (const e of elements ?? []) if (e.type === 'concat') return e;
  return undefined;
}

function interpret(iei: number, data: Uint8Array): InformationElement {
  const n = data.length;
  const u16 = (i: number) => (data[i]! << 8) | data[i + 1]!;
  if (iei === Iei.concat8 && n === 3) {
    return {
      type: 'concat',
      referenceBits: 8,
      reference: data[0]!,
      total: data[1]!,
      sequence: data[2]!,
    };
  }
  if (iei === Iei.concat16 && n === 4) {
    return {
      type: 'concat',
      referenceBits: 16,
      reference: u16(0),
      total: data[2]!,
      sequence: data[3]!,
    };
  }
  if (iei === Iei.port8 && n === 2) {
    return { type: 'port', portBits: 8, destination: data[0]!, source: data[1]! };
  }
  if (iei === Iei.port16 && n === 4) {
    return { type: 'port', portBits: 16, destination: u16(0), source: u16(2) };
  }
  if (iei === Iei.otaCommand && n === 0) return { type: 'otaCommand' };
  if (iei === Iei.otaResponse && n === 0) return { type: 'otaResponse' };
  return { type: 'other', iei, data };
}

function elementBytes(e: InformationElement): [number, Uint8Array] {
  const w = new ByteWriter(4);
  switch (e.type) {
    case 'concat':
      if (e.referenceBits === 8) w.u8(e.reference);
      else w.u16(e.reference);
      w.u8(e.total).u8(e.sequence);
      return [e.referenceBits === 8 ? Iei.concat8 : Iei.concat16, w.finish()];
    case 'port':
      if (e.portBits === 8) w.u8(e.destination).u8(e.source);
      else w.u16(e.destination).u16(e.source);
      return [e.portBits === 8 ? Iei.port8 : Iei.port16, w.finish()];
    case 'otaCommand':
      return [Iei.otaCommand, new Uint8Array(0)];
    case 'otaResponse':
      return [Iei.otaResponse, new Uint8Array(0)];
    case 'other':
      return [checkIei(e.iei), e.data];
  }
}

function checkIei(iei: number): number {
  if (!Number.isInteger(iei) || iei < 0 || iei > 0xff) throw new RangeError(`IEI ${iei} not 00-FF`);
  return iei;
}
