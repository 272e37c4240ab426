// ENVELOPE data, ETSI TS 102 223 §7 / TS 31.111 §7: SMS-PP data download ('D1', TS 31.111
// §7.1.1), menu selection ('D3', §7.2), MO short message control ('D5', TS 31.111 §7.3.2) and
// event download ('D6', §7.5). Other templates keep their objects.
import type { ComprehensionTlv } from '../tlv/index.ts';
import { maybe, pruned } from './commands/common.ts';
import {
  decodeDeviceIdentities,
  decodeItemIdentifier,
  encodeDeviceIdentities,
  encodeItemIdentifier,
} from './data-objects.ts';
import { type Address, decodeAddress, encodeAddress } from './digit-objects.ts';
import { type CatEvent, decodeEvent, encodeEventBody, eventHeader } from './event-download.ts';
import {
  type MoShortMessageControl,
  decodeMoShortMessageControlBody,
  encodeMoShortMessageControlBody,
} from './mo-sms-control.ts';
import {
  type ObjectBag,
  ObjectWriter,
  catError,
  readTemplate,
  withOthers,
  checkedSize,
} from './object-list.ts';
import { BerTag, Device, Tag } from './tags.ts';

/** SMS-PP data download: an SMS-DELIVER with TP-PID '7F' handed to the card. */
/** Objects an envelope carried that this codec does not model, kept in order. */
interface EnvelopeBase {
  readonly otherObjects?: readonly ComprehensionTlv[];
}

export interface SmsPpDownload extends EnvelopeBase {
  readonly kind: 'smsPpDownload';
  /** The service centre address, when the terminal includes it. */
  readonly serviceCentre?: Address;
  /** The SMS-DELIVER TPDU (TS 23.040 §9.2.2.1), undecoded. */
  readonly tpdu: Uint8Array;
}

export interface MenuSelection extends EnvelopeBase {
  readonly kind: 'menuSelection';
  readonly itemIdentifier: number;
  /** Help request object present: the user asked for help on the item. */
  readonly helpRequested: boolean;
}

export interface MoShortMessageControlEnvelope extends MoShortMessageControl, EnvelopeBase {
  readonly kind: 'moShortMessageControl';
}

export interface EventDownload extends EnvelopeBase {
  readonly kind: 'eventDownload';
  readonly event: CatEvent;
}

export interface OtherEnvelope {
  readonly kind: 'other';
  readonly tag: number;
  readonly objects: readonly ComprehensionTlv[];
}

export type Envelope =
  SmsPpDownload | MenuSelection | MoShortMessageControlEnvelope | EventDownload | OtherEnvelope;

/** Decodes ENVELOPE data (`80 C2 00 00 Lc` body). Throws DecodeError when malformed. */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  const { template, bag } = readTemplate(bytes);
  if (template.tag === BerTag.proactiveCommand)
    catError('NOT_ENVELOPE', 0, 'D0 is a proactive command');
  switch (template.tag) {
    case BerTag.smsPpDownload:
      return withOthers(decodeSmsPpDownload(bag), bag.rest());
    case BerTag.menuSelection:
      return withOthers(decodeMenuSelection(bag), bag.rest());
    case BerTag.moShortMessageControl:
      decodeDeviceIdentities(bag.take(Tag.deviceIdentities));
      return withOthers(
        { kind: 'moShortMessageControl', ...decodeMoShortMessageControlBody(bag) },
        bag.rest(),
      );
    case BerTag.eventDownload:
      return decodeEventDownload(bag);
    default:
      return { kind: 'other', tag: template.tag, objects: bag.rest() };
  }
}

/**
 * Encodes ENVELOPE data with the device identities the specification prescribes. RangeError when
 * longer than the 255 bytes an ENVELOPE command carries.
 */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  return checkedSize(encodeTemplate(envelope), 'envelope');
}

function encodeTemplate(envelope: Envelope): Uint8Array {
  const w = new ObjectWriter();
  const devices = (source: number): ObjectWriter =>
    w.add(Tag.deviceIdentities, encodeDeviceIdentities({ source, destination: Device.uicc }));
  switch (envelope.kind) {
    case 'smsPpDownload':
      devices(Device.network);
      if (envelope.serviceCentre !== undefined)
        w.add(Tag.address, encodeAddress(envelope.serviceCentre));
      w.add(Tag.smsTpdu, envelope.tpdu);
      return w.addAll(envelope.otherObjects).finishIn(BerTag.smsPpDownload);
    case 'menuSelection':
      devices(Device.keypad).add(Tag.itemIdentifier, encodeItemIdentifier(envelope.itemIdentifier));
      if (envelope.helpRequested) w.add(Tag.helpRequest, new Uint8Array(0));
      return w.addAll(envelope.otherObjects).finishIn(BerTag.menuSelection);
    case 'moShortMessageControl':
      encodeMoShortMessageControlBody(envelope, devices(Device.terminal));
      return w.addAll(envelope.otherObjects).finishIn(BerTag.moShortMessageControl);
    case 'eventDownload': {
      const { code, source } = eventHeader(envelope.event);
      w.add(Tag.eventList, Uint8Array.of(code));
      encodeEventBody(envelope.event, devices(source));
      return w.addAll(envelope.otherObjects).finishIn(BerTag.eventDownload);
    }
    case 'other':
      return w.addAll(envelope.objects).finishIn(envelope.tag);
  }
}

function decodeSmsPpDownload(bag: ObjectBag): SmsPpDownload {
  decodeDeviceIdentities(bag.take(Tag.deviceIdentities));
  return pruned<SmsPpDownload>({
    kind: 'smsPpDownload',
    serviceCentre: maybe(bag.optional(Tag.address), decodeAddress),
    tpdu: bag.take(Tag.smsTpdu).value,
  });
}

function decodeMenuSelection(bag: ObjectBag): MenuSelection {
  decodeDeviceIdentities(bag.take(Tag.deviceIdentities));
  return {
    kind: 'menuSelection',
    itemIdentifier: decodeItemIdentifier(bag.take(Tag.itemIdentifier)),
    helpRequested: bag.optional(Tag.helpRequest) !== undefined,
  };
}

function decodeEventDownload(bag: ObjectBag): EventDownload {
  const list = bag.take(Tag.eventList);
  if (list.value.length !== 1)
    catError('BAD_EVENT_LIST', list.offset, 'an event download reports one event');
  const devices = decodeDeviceIdentities(bag.take(Tag.deviceIdentities));
  const event = decodeEvent(list.value[0]!, devices.source, bag);
  const envelope: EventDownload = { kind: 'eventDownload', event };
  return event.event === 'other' ? envelope : withOthers(envelope, bag.rest());
}
