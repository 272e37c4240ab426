// MO SHORT MESSAGE CONTROL by USIM, 3GPP TS 31.111 §7.3.2 (TS 51.014 §9.2 on a SIM): the 'D5'
// envelope the terminal sends before every MO short message (§7.3.2.1) and the card's answer:
// allowed, not allowed, or allowed with modified addresses (§7.3.2.2).
import { ByteReader, ByteWriter } from '../bytes/index.ts';
import { encodeBerLength, readBerLength } from '../tlv/index.ts';
import { maybe, pruned } from './commands/common.ts';
import { type Address, decodeAddress, encodeAddress } from './digit-objects.ts';
import { decodeAlphaIdentifier, encodeAlphaIdentifier } from './item.ts';
import {
  type LocationInformation,
  decodeLocationInformation,
  encodeLocationInformation,
} from './location-information.ts';
import { ObjectBag, ObjectWriter, catError } from './object-list.ts';
import { Tag } from './tags.ts';

/** The envelope contents: both destination addresses and the serving cell. */
export interface MoShortMessageControl {
  /** RP-Destination-Address: the service centre. */
  readonly serviceCentre: Address;
  /** TP-Destination-Address: the recipient. */
  readonly destination: Address;
  readonly location: LocationInformation;
}

/** Control results (§7.3.2.2). */
export const MO_SMS_CONTROL_RESULTS = [
  'allowed',
  'notAllowed',
  'allowedWithModifications',
] as const;
export type MoSmsControlResult = (typeof MO_SMS_CONTROL_RESULTS)[number];

/** The card's response data. The first address object is RP-DA, the second TP-DA. */
export interface MoSmsControlResponse {
  readonly result: MoSmsControlResult;
  readonly serviceCentre?: Address;
  readonly destination?: Address;
  /** Text to show the user; '' asks the terminal not to inform the user. */
  readonly alpha?: string;
}

export function decodeMoShortMessageControlBody(bag: ObjectBag): MoShortMessageControl {
  return {
    serviceCentre: decodeAddress(bag.take(Tag.address)),
    destination: decodeAddress(bag.take(Tag.address)),
    location: decodeLocationInformation(bag.take(Tag.locationInformation)),
  };
}

export function encodeMoShortMessageControlBody(m: MoShortMessageControl, w: ObjectWriter): void {
  w.add(Tag.address, encodeAddress(m.serviceCentre));
  w.add(Tag.address, encodeAddress(m.destination));
  w.add(Tag.locationInformation, encodeLocationInformation(m.location));
}

/**
 * Decodes the response data: result, length, then the optional objects. A lone result byte is
 * accepted. (An empty response, status 90 00 alone, means "allowed" and is not decoded here.)
 */
export function decodeMoSmsControlResponse(bytes: Uint8Array): MoSmsControlResponse {
  const r = new ByteReader(bytes, 'CAT');
  const result = MO_SMS_CONTROL_RESULTS[r.u8()];
  if (result === undefined) catError('BAD_MO_SMS_RESULT', 0, `control result ${bytes[0]}`);
  if (r.atEnd) return { result };
  const length = readBerLength(r, 0xff);
  const start = r.offset;
  const bag = ObjectBag.read(new ByteReader(r.take(length), 'CTLV', start));
  r.expectEnd('MO short message control response');
  const response = pruned<MoSmsControlResponse>({
    result,
    serviceCentre: maybe(bag.optional(Tag.address), decodeAddress),
    destination: maybe(bag.optional(Tag.address), decodeAddress),
    alpha: maybe(bag.optional(Tag.alphaIdentifier), decodeAlphaIdentifier),
  });
  const extra = bag.rest()[0];
  if (extra !== undefined) catError('UNEXPECTED_OBJECT', start, `unexpected tag ${extra.tag}`);
  return response;
}

export function encodeMoSmsControlResponse(response: MoSmsControlResponse): Uint8Array {
  const w = new ObjectWriter();
  if (response.serviceCentre !== undefined)
    w.add(Tag.address, encodeAddress(response.serviceCentre));
  if (response.destination !== undefined) {
    if (response.serviceCentre === undefined)
      throw new RangeError('TP-DA needs the RP-DA before it');
    w.add(Tag.address, encodeAddress(response.destination));
  }
  if (response.alpha !== undefined)
    w.add(Tag.alphaIdentifier, encodeAlphaIdentifier(response.alpha));
  const objects = w.finish();
  return new ByteWriter(objects.length + 3)
    .u8(MO_SMS_CONTROL_RESULTS.indexOf(response.result))
    .bytes(encodeBerLength(objects.length))
    .bytes(objects)
    .finish();
}
