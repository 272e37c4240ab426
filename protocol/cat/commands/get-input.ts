// GET INPUT (ETSI TS 102 223 §6.4.3, §6.6.3): a prompt, the accepted response length, an
// optional default text, and the input alphabet and echo rules of the qualifier (§8.6).
import {
  type CommandDetails,
  type Duration,
  type IconIdentifier,
  type ResponseLength,
  decodeDuration,
  decodeIconIdentifier,
  decodeResponseLength,
  encodeDuration,
  encodeIconIdentifier,
  encodeResponseLength,
} from '../data-objects.ts';
import type { ObjectBag, ObjectWriter } from '../object-list.ts';
import { Tag } from '../tags.ts';
import { type TextString, decodeTextString, encodeTextString } from '../text-string.ts';
import { type CommandBase, bit, bits, maybe, pruned } from './common.ts';

export interface GetInput extends CommandBase {
  readonly type: 'getInput';
  /** Bit 1: any character of the alphabet; otherwise digits 0-9, *, # and + only. */
  readonly alphabet: boolean;
  /** Bit 2: UCS2 input (else the SMS default alphabet). */
  readonly ucs2: boolean;
  /** Bit 3: the input shall not be revealed (PIN entry). */
  readonly hideInput: boolean;
  /** Bit 4: answer in SMS packed format. */
  readonly packedResponse: boolean;
  /** Bit 8. */
  readonly helpAvailable: boolean;
  readonly prompt: TextString | null;
  readonly responseLength: ResponseLength;
  readonly defaultText?: TextString | null;
  readonly icon?: IconIdentifier;
  readonly duration?: Duration;
}

export function decodeGetInput(details: CommandDetails, bag: ObjectBag): GetInput {
  const q = details.qualifier;
  return pruned<GetInput>({
    type: 'getInput',
    commandNumber: details.commandNumber,
    alphabet: bit(q, 1),
    ucs2: bit(q, 2),
    hideInput: bit(q, 3),
    packedResponse: bit(q, 4),
    helpAvailable: bit(q, 8),
    prompt: decodeTextString(bag.take(Tag.textString)),
    responseLength: decodeResponseLength(bag.take(Tag.responseLength)),
    defaultText: maybe(bag.optional(Tag.defaultText), decodeTextString),
    icon: maybe(bag.optional(Tag.iconIdentifier), decodeIconIdentifier),
    duration: maybe(bag.optional(Tag.duration), decodeDuration),
  });
}

export function getInputQualifier(c: GetInput): number {
  return bits(
    c.alphabet && 1,
    c.ucs2 && 2,
    c.hideInput && 3,
    c.packedResponse && 4,
    c.helpAvailable && 8,
  );
}

export function encodeGetInputBody(c: GetInput, w: ObjectWriter): void {
  w.add(Tag.textString, encodeTextString(c.prompt));
  w.add(Tag.responseLength, encodeResponseLength(c.responseLength));
  if (c.defaultText !== undefined) w.add(Tag.defaultText, encodeTextString(c.defaultText), false);
  if (c.icon !== undefined) w.add(Tag.iconIdentifier, encodeIconIdentifier(c.icon));
  if (c.duration !== undefined) w.add(Tag.duration, encodeDuration(c.duration));
}
