// TERMINAL RESPONSE, ETSI TS 102 223 §6.8 / TS 31.111 §6.8: the terminal's answer to a proactive
// command, sent without a BER-TLV template: command details echo, device identities terminal ->
// UICC, result, and the per-command objects (text string, item identifier, duration).
import { ByteReader } from '../bytes/index.ts';
import type { ComprehensionTlv } from '../tlv/index.ts';
import { maybe, pruned } from './commands/common.ts';
import {
  type CommandDetails,
  type Duration,
  decodeCommandDetails,
  decodeDeviceIdentities,
  decodeDuration,
  decodeItemIdentifier,
  encodeCommandDetails,
  encodeDeviceIdentities,
  encodeDuration,
  encodeItemIdentifier,
} from './data-objects.ts';
import { ObjectBag, ObjectWriter, checkedSize, withOthers } from './object-list.ts';
import { type ProactiveCommand, commandDetailsOf } from './proactive-command.ts';
import { type Result, decodeResult, encodeResult } from './result.ts';
import { Device, Tag } from './tags.ts';
import { type TextString, decodeTextString, encodeTextString } from './text-string.ts';

export interface TerminalResponse {
  /** The command details of the command answered, unchanged. */
  readonly command: CommandDetails;
  readonly result: Result;
  /** GET INPUT / GET INKEY: the user's input (`null` = null text string). */
  readonly text?: TextString | null;
  /** SELECT ITEM: the chosen item. */
  readonly itemIdentifier?: number;
  /** POLL INTERVAL: the interval the terminal will use. */
  readonly duration?: Duration;
  /** Objects not modelled here, in order. */
  readonly otherObjects?: readonly ComprehensionTlv[];
}

/** Extra objects for `terminalResponseTo`. */
export interface ResponseObjects {
  readonly text?: TextString | null;
  readonly itemIdentifier?: number;
  readonly duration?: Duration;
}

/** Builds the response to `command` with `result` (and the objects its type needs). */
export function terminalResponseTo(
  command: ProactiveCommand,
  result: Result,
  objects: ResponseObjects = {},
): TerminalResponse {
  return { command: commandDetailsOf(command), result, ...objects };
}

/** Decodes TERMINAL RESPONSE data; DecodeError (`CTLV_*`, `CAT_*`) when malformed. */
export function decodeTerminalResponse(bytes: Uint8Array): TerminalResponse {
  const bag = ObjectBag.read(new ByteReader(bytes, 'CTLV'));
  const command = decodeCommandDetails(bag.take(Tag.commandDetails));
  decodeDeviceIdentities(bag.take(Tag.deviceIdentities));
  const response = pruned<TerminalResponse>({
    command,
    result: decodeResult(bag.take(Tag.result)),
    duration: maybe(bag.optional(Tag.duration), decodeDuration),
    text: maybe(bag.optional(Tag.textString), decodeTextString),
    itemIdentifier: maybe(bag.optional(Tag.itemIdentifier), decodeItemIdentifier),
  });
  return withOthers(response, bag.rest());
}

/** Encodes the response data (the body of `80 14 00 00 Lc`). */
export function encodeTerminalResponse(response: TerminalResponse): Uint8Array {
  const w = new ObjectWriter()
    .add(Tag.commandDetails, encodeCommandDetails(response.command))
    .add(
      Tag.deviceIdentities,
      encodeDeviceIdentities({ source: Device.terminal, destination: Device.uicc }),
    )
    .add(Tag.result, encodeResult(response.result));
  if (response.duration !== undefined) w.add(Tag.duration, encodeDuration(response.duration));
  if (response.text !== undefined) w.add(Tag.textString, encodeTextString(response.text));
  if (response.itemIdentifier !== undefined) {
    w.add(Tag.itemIdentifier, encodeItemIdentifier(response.itemIdentifier));
  }
  return checkedSize(w.addAll(response.otherObjects).finish(), 'terminal response');
}
