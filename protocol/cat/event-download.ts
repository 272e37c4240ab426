// EVENT DOWNLOAD envelope contents, ETSI TS 102 223 §7.5 / TS 31.111 §7.5: MT call (§7.5.1),
// call connected (§7.5.2), call disconnected (§7.5.3), location status (§7.5.4), user activity
// (§7.5.5) and idle screen available (§7.5.6); other events keep their objects.
import type { ComprehensionTlv } from '../tlv/index.ts';
import { maybe, pruned } from './commands/common.ts';
import { type Address, decodeAddress, encodeAddress } from './digit-objects.ts';
import {
  type LocationInformation,
  decodeLocationInformation,
  encodeLocationInformation,
} from './location-information.ts';
import { type ObjectBag, type ObjectWriter, catError } from './object-list.ts';
import { Device, EventCode, Tag } from './tags.ts';

/** Who reports a call event: the terminal (near end) or the network (far end). */
export type CallEventSource = 'terminal' | 'network';

/** One event as the terminal reports it. */
export type CatEvent =
  | {
      readonly event: 'mtCall';
      readonly transactionIds: Uint8Array;
      readonly address?: Address;
      readonly subaddress?: Uint8Array;
    }
  | {
      readonly event: 'callConnected';
      readonly source: CallEventSource;
      readonly transactionIds: Uint8Array;
    }
  | {
      readonly event: 'callDisconnected';
      readonly source: CallEventSource;
      readonly transactionIds: Uint8Array;
      /** TS 24.008 cause; an empty cause means radio link failure. */
      readonly cause?: Uint8Array;
    }
  | {
      readonly event: 'locationStatus';
      readonly status: 'normal' | 'limited' | 'noService';
      readonly location?: LocationInformation;
    }
  | { readonly event: 'userActivity' }
  | { readonly event: 'idleScreenAvailable' }
  | {
      readonly event: 'other';
      readonly code: number;
      readonly source: number;
      readonly objects: readonly ComprehensionTlv[];
    };

const LOCATION_STATUS = ['normal', 'limited', 'noService'] as const;

/** Decodes the objects after the event list and device identities. */
export function decodeEvent(code: number, source: number, bag: ObjectBag): CatEvent {
  const callSource: CallEventSource = source === Device.network ? 'network' : 'terminal';
  const transactionIds = (): Uint8Array => bag.take(Tag.transactionIdentifier).value;
  switch (code) {
    case EventCode.mtCall:
      return pruned<CatEvent>({
        event: 'mtCall',
        transactionIds: transactionIds(),
        address: maybe(bag.optional(Tag.address), decodeAddress),
        subaddress: bag.optional(Tag.subaddress)?.value,
      });
    case EventCode.callConnected:
      return { event: 'callConnected', source: callSource, transactionIds: transactionIds() };
    case EventCode.callDisconnected:
      return pruned<CatEvent>({
        event: 'callDisconnected',
        source: callSource,
        transactionIds: transactionIds(),
        cause: bag.optional(Tag.cause)?.value,
      });
    case EventCode.locationStatus:
      return decodeLocationStatus(bag);
    case EventCode.userActivity:
      return { event: 'userActivity' };
    case EventCode.idleScreenAvailable:
      return { event: 'idleScreenAvailable' };
    default:
      return { event: 'other', code, source, objects: bag.rest() };
  }
}

/** The event list code and the source device an event is reported with (§7.5). */
export function eventHeader(e: CatEvent): { code: number; source: number } {
  const device = (s: CallEventSource): number =>
    s === 'network' ? Device.network : Device.terminal;
  switch (e.event) {
    case 'mtCall':
      return { code: EventCode.mtCall, source: Device.network };
    case 'callConnected':
      return { code: EventCode.callConnected, source: device(e.source) };
    case 'callDisconnected':
      return { code: EventCode.callDisconnected, source: device(e.source) };
    case 'locationStatus':
      return { code: EventCode.locationStatus, source: Device.terminal };
    case 'userActivity':
      return { code: EventCode.userActivity, source: Device.terminal };
    case 'idleScreenAvailable':
      return { code: EventCode.idleScreenAvailable, source: Device.display };
    case 'other':
      return { code: e.code, source: e.source };
  }
}

/** Appends the objects that follow the device identities. */
export function encodeEventBody(e: CatEvent, w: ObjectWriter): void {
  switch (e.event) {
    case 'mtCall':
      w.add(Tag.transactionIdentifier, e.transactionIds);
      if (e.address !== undefined) w.add(Tag.address, encodeAddress(e.address));
      if (e.subaddress !== undefined) w.add(Tag.subaddress, e.subaddress);
      return;
    case 'callConnected':
      w.add(Tag.transactionIdentifier, e.transactionIds);
      return;
    case 'callDisconnected':
      w.add(Tag.transactionIdentifier, e.transactionIds);
      if (e.cause !== undefined) w.add(Tag.cause, e.cause);
      return;
    case 'locationStatus':
      w.add(Tag.locationStatus, Uint8Array.of(LOCATION_STATUS.indexOf(e.status)));
      if (e.location !== undefined)
        w.add(Tag.locationInformation, encodeLocationInformation(e.location));
      return;
    case 'other':
      w.addAll(e.objects);
      return;
    default:
      return;
  }
}

function decodeLocationStatus(bag: ObjectBag): CatEvent {
  const tlv = bag.take(Tag.locationStatus);
  const status = tlv.value.length === 1 ? LOCATION_STATUS[tlv.value[0]!] : undefined;
  if (status === undefined) catError('BAD_LOCATION_STATUS', tlv.offset, 'location status value');
  return pruned<CatEvent>({
    event: 'locationStatus',
    status,
    location: maybe(bag.optional(Tag.locationInformation), decodeLocationInformation),
  });
}
