// The STK dialogue that collects a payment request (TS 102 223 §6.4.3 GET INPUT, §6.4.9 SELECT
// ITEM): amount, target, whether to add a message, the message, the PIN; each answer arrives in a
// TERMINAL RESPONSE (§6.8) and decides the next question.
import type { GetInput } from '../../../protocol/cat/commands/get-input.ts';
import type { SelectItem } from '../../../protocol/cat/commands/menus.ts';
import { ResultCode } from '../../../protocol/cat/result.ts';
import type { TerminalResponse } from '../../../protocol/cat/terminal-response.ts';
import {
  isAmount,
  isTarget,
  needsTransfer,
  type PaymentKeyword,
  type PaymentRequest,
} from './payment-request.ts';

export type Field = 'amount' | 'target' | 'wantsMessage' | 'message' | 'pin';

/** Answers collected so far. */
export interface Dialogue {
  readonly keyword: PaymentKeyword;
  readonly answers: Readonly<Partial<Record<Field, string>>>;
}

/** Item identifiers of the "add a message?" selection. */
export const NO_MESSAGE_ITEM = 1;
export const ADD_MESSAGE_ITEM = 2;

/** The field asked next, or undefined when the request is complete. */
export function nextField(d: Dialogue): Field | undefined {
  const a = d.answers;
  if (needsTransfer(d.keyword)) {
    if (a.amount === undefined) return 'amount';
    if (a.target === undefined) return 'target';
    if (a.wantsMessage === undefined) return 'wantsMessage';
    if (a.wantsMessage === 'yes' && a.message === undefined) return 'message';
  }
  return a.pin === undefined ? 'pin' : undefined;
}

function getInput(text: string, min: number, max: number, digits: boolean, hide = false): GetInput {
  return {
    type: 'getInput',
    commandNumber: 1,
    alphabet: !digits,
    ucs2: false,
    hideInput: hide,
    packedResponse: false,
    helpAvailable: false,
    prompt: { coding: 'gsm8', text },
    responseLength: { min, max },
  };
}

const MESSAGE_CHOICE: SelectItem = {
  type: 'selectItem',
  commandNumber: 1,
  presentation: 'unspecified',
  softKeyPreferred: false,
  helpAvailable: false,
  alpha: 'Add a message?',
  items: [
    { id: NO_MESSAGE_ITEM, text: 'No message' },
    { id: ADD_MESSAGE_ITEM, text: 'Add a message' },
  ],
};

/** The command that asks for `field`. */
export function question(field: Field): GetInput | SelectItem {
  switch (field) {
    case 'amount':
      return getInput('Amount', 1, 13, false);
    case 'target':
      return getInput('To (phone number)', 3, 16, false);
    case 'wantsMessage':
      return MESSAGE_CHOICE;
    case 'message':
      return getInput('Message', 1, 60, false);
    case 'pin':
      return getInput('PIN', 4, 8, true, true);
  }
}

/** The dialogue after the answer to `field`, or an error text when it must end. */
export function answer(d: Dialogue, field: Field, tr: TerminalResponse): Dialogue | string {
  if (tr.result.code !== ResultCode.success) return 'Cancelled';
  const value = field === 'wantsMessage' ? choiceOf(tr) : tr.text?.text.trim();
  if (value === undefined || value === '') return 'No answer';
  if (field === 'amount' && !isAmount(value)) return 'Invalid amount';
  if (field === 'target' && !isTarget(value)) return 'Invalid number';
  return { ...d, answers: { ...d.answers, [field]: value } };
}

function choiceOf(tr: TerminalResponse): string | undefined {
  if (tr.itemIdentifier === ADD_MESSAGE_ITEM) return 'yes';
  return tr.itemIdentifier === NO_MESSAGE_ITEM ? 'no' : undefined;
}

/** The completed request (call when `nextField` is undefined). */
export function requestOf(d: Dialogue): PaymentRequest {
  const { amount, target, message, pin } = d.answers;
  return {
    keyword: d.keyword,
    ...(amount === undefined ? {} : { amount: amount.replace(/^\$/, '') }),
    ...(target === undefined ? {} : { target }),
    ...(message === undefined ? {} : { message }),
    pin: pin ?? '',
  };
}
