// DISPLAY TEXT (ETSI TS 102 223 §6.4.1, §6.6.1): text for the display, with the priority and
// clearing behaviour of the command qualifier (§8.6).
import {
  type Duration,
  type IconIdentifier,
  decodeDuration,
  decodeIconIdentifier,
  encodeDuration,
  encodeIconIdentifier,
} from '../data-objects.ts';
import type { CommandDetails } from '../data-objects.ts';
import type { ObjectBag, ObjectWriter } from '../object-list.ts';
import { Tag } from '../tags.ts';
import { type TextString, decodeTextString, encodeTextString } from '../text-string.ts';
import { type CommandBase, bit, bits, maybe, pruned } from './common.ts';

export interface DisplayText extends CommandBase {
  readonly type: 'displayText';
  /** Qualifier bit 1. */
  readonly highPriority: boolean;
  /** Qualifier bit 8: wait for the user to clear the message (else clear after a delay). */
  readonly waitForUser: boolean;
  readonly text: TextString | null;
  readonly icon?: IconIdentifier;
  /** Immediate response object present: answer at once, keep the text displayed. */
  readonly immediateResponse: boolean;
  readonly duration?: Duration;
}

export function decodeDisplayText(details: CommandDetails, bag: ObjectBag): DisplayText {
  return pruned<DisplayText>({
    type: 'displayText',
    commandNumber: details.commandNumber,
    highPriority: bit(details.qualifier, 1),
    waitForUser: bit(details.qualifier, 8),
    text: decodeTextString(bag.take(Tag.textString)),
    icon: maybe(bag.optional(Tag.iconIdentifier), decodeIconIdentifier),
    immediateResponse: bag.optional(Tag.immediateResponse) !== undefined,
    duration: maybe(bag.optional(Tag.duration), decodeDuration),
  });
}

export function displayTextQualifier(c: DisplayText): number {
  return bits(c.highPriority && 1, c.waitForUser && 8);
}

export function encodeDisplayTextBody(c: DisplayText, w: ObjectWriter): void {
  w.add(Tag.textString, encodeTextString(c.text));
  if (c.icon !== undefined) w.add(Tag.iconIdentifier, encodeIconIdentifier(c.icon));
  if (c.immediateResponse) w.add(Tag.immediateResponse, new Uint8Array(0));
  if (c.duration !== undefined) w.add(Tag.duration, encodeDuration(c.duration));
}
