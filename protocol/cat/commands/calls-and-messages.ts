// SEND SHORT MESSAGE (ETSI TS 102 223 §6.4.10, TS 31.111 §6.6.9), SET UP CALL (§6.4.13,
// §6.6.12) and SEND DTMF (§6.4.24, §6.6.24): the commands that reach the network.
import {
  type CommandDetails,
  type Duration,
  type IconIdentifier,
  decodeDuration,
  decodeIconIdentifier,
  encodeDuration,
  encodeIconIdentifier,
} from '../data-objects.ts';
import {
  type Address,
  decodeAddress,
  decodeDtmfString,
  encodeAddress,
  encodeDtmfString,
} from '../digit-objects.ts';
import { decodeAlphaIdentifier, encodeAlphaIdentifier } from '../item.ts';
import { type ObjectBag, type ObjectWriter, catError } from '../object-list.ts';
import { Tag } from '../tags.ts';
import { type CommandBase, qualifierOffset, bit, maybe, pruned } from './common.ts';

export interface SendShortMessage extends CommandBase {
  readonly type: 'sendShortMessage';
  /** Qualifier bit 1: the terminal packs the 8-bit user data to GSM 7-bit before sending. */
  readonly packingRequired: boolean;
  /** Shown while sending; '' (null alpha identifier) asks the terminal to stay silent. */
  readonly alpha?: string;
  /** Service centre address (RP-DA); absent means the terminal's default. */
  readonly address?: Address;
  /** The SMS-SUBMIT TPDU (TS 23.040 §9.2.2.2), undecoded. */
  readonly tpdu: Uint8Array;
  readonly icon?: IconIdentifier;
}

/** SET UP CALL qualifier values (§8.6). */
export const SET_UP_CALL_MODES = [
  'ifNotBusy',
  'ifNotBusyWithRedial',
  'holdOthers',
  'holdOthersWithRedial',
  'disconnectOthers',
  'disconnectOthersWithRedial',
] as const;
export type SetUpCallMode = (typeof SET_UP_CALL_MODES)[number];

export interface SetUpCall extends CommandBase {
  readonly type: 'setUpCall';
  readonly mode: SetUpCallMode;
  /** Alpha identifier before the address: the user confirmation phase. */
  readonly confirmationAlpha?: string;
  readonly address: Address;
  readonly capabilityConfiguration?: Uint8Array;
  readonly subaddress?: Uint8Array;
  /** Longest time to keep redialling. */
  readonly redialDuration?: Duration;
  readonly confirmationIcon?: IconIdentifier;
  /** Alpha identifier after the address: the call set-up phase. */
  readonly callSetUpAlpha?: string;
  readonly callSetUpIcon?: IconIdentifier;
}

export interface SendDtmf extends CommandBase {
  readonly type: 'sendDtmf';
  readonly alpha?: string;
  /** Digits 0-9 * # and `,` for a pause. */
  readonly digits: string;
  readonly icon?: IconIdentifier;
}

export function decodeSendShortMessage(details: CommandDetails, bag: ObjectBag): SendShortMessage {
  return pruned<SendShortMessage>({
    type: 'sendShortMessage',
    commandNumber: details.commandNumber,
    packingRequired: bit(details.qualifier, 1),
    alpha: maybe(bag.optional(Tag.alphaIdentifier), decodeAlphaIdentifier),
    address: maybe(bag.optional(Tag.address), decodeAddress),
    tpdu: bag.take(Tag.smsTpdu).value,
    icon: maybe(bag.optional(Tag.iconIdentifier), decodeIconIdentifier),
  });
}

export function encodeSendShortMessageBody(c: SendShortMessage, w: ObjectWriter): void {
  if (c.alpha !== undefined) w.add(Tag.alphaIdentifier, encodeAlphaIdentifier(c.alpha));
  if (c.address !== undefined) w.add(Tag.address, encodeAddress(c.address));
  w.add(Tag.smsTpdu, c.tpdu);
  if (c.icon !== undefined) w.add(Tag.iconIdentifier, encodeIconIdentifier(c.icon));
}

/** Alpha identifiers are told apart by position: before the address, or after it. */
export function decodeSetUpCall(details: CommandDetails, bag: ObjectBag): SetUpCall {
  const mode = SET_UP_CALL_MODES[details.qualifier];
  if (mode === undefined)
    catError('BAD_QUALIFIER', qualifierOffset(bag), `SET UP CALL qualifier ${details.qualifier}`);
  const addressAt = bag.indexOf(Tag.address);
  const firstAlphaAt = bag.indexOf(Tag.alphaIdentifier);
  const confirmation =
    firstAlphaAt >= 0 && firstAlphaAt < addressAt ? bag.takeAt(firstAlphaAt) : undefined;
  const address = decodeAddress(bag.take(Tag.address));
  const icons = bag.all(Tag.iconIdentifier).map(decodeIconIdentifier);
  return pruned<SetUpCall>({
    type: 'setUpCall',
    commandNumber: details.commandNumber,
    mode,
    confirmationAlpha: maybe(confirmation, decodeAlphaIdentifier),
    address,
    capabilityConfiguration: bag.optional(Tag.capabilityConfigurationParameters)?.value,
    subaddress: bag.optional(Tag.subaddress)?.value,
    redialDuration: maybe(bag.optional(Tag.duration), decodeDuration),
    confirmationIcon: icons[0],
    callSetUpAlpha: maybe(bag.optional(Tag.alphaIdentifier), decodeAlphaIdentifier),
    callSetUpIcon: icons[1],
  });
}

export function encodeSetUpCallBody(c: SetUpCall, w: ObjectWriter): void {
  if (c.confirmationAlpha !== undefined)
    w.add(Tag.alphaIdentifier, encodeAlphaIdentifier(c.confirmationAlpha));
  w.add(Tag.address, encodeAddress(c.address));
  if (c.capabilityConfiguration !== undefined) {
    w.add(Tag.capabilityConfigurationParameters, c.capabilityConfiguration);
  }
  if (c.subaddress !== undefined) w.add(Tag.subaddress, c.subaddress);
  if (c.redialDuration !== undefined) w.add(Tag.duration, encodeDuration(c.redialDuration));
  if (c.confirmationIcon !== undefined)
    w.add(Tag.iconIdentifier, encodeIconIdentifier(c.confirmationIcon));
  if (c.callSetUpAlpha !== undefined)
    w.add(Tag.alphaIdentifier, encodeAlphaIdentifier(c.callSetUpAlpha));
  if (c.callSetUpIcon !== undefined) {
    if (c.confirmationIcon === undefined)
      throw new RangeError('a call set-up icon needs a confirmation icon');
    w.add(Tag.iconIdentifier, encodeIconIdentifier(c.callSetUpIcon));
  }
}

export function decodeSendDtmf(details: CommandDetails, bag: ObjectBag): SendDtmf {
  return pruned<SendDtmf>({
    type: 'sendDtmf',
    commandNumber: details.commandNumber,
    alpha: maybe(bag.optional(Tag.alphaIdentifier), decodeAlphaIdentifier),
    digits: decodeDtmfString(bag.take(Tag.dtmfString)),
    icon: maybe(bag.optional(Tag.iconIdentifier), decodeIconIdentifier),
  });
}

export function encodeSendDtmfBody(c: SendDtmf, w: ObjectWriter): void {
  if (c.alpha !== undefined) w.add(Tag.alphaIdentifier, encodeAlphaIdentifier(c.alpha));
  w.add(Tag.dtmfString, encodeDtmfString(c.digits));
  if (c.icon !== undefined) w.add(Tag.iconIdentifier, encodeIconIdentifier(c.icon));
}
