// Runs one payment dialogue at a time for an application: asks each question as a proactive
// command (TS 102 223 §6.4.3, §6.4.9), reads the answer from the TERMINAL RESPONSE (§6.8), shows a
// DISPLAY TEXT (§6.4.1) when the dialogue ends early, and hands the complete request on.
import type { DisplayText } from '../../../protocol/cat/commands/display-text.ts';
import type { ProactiveCommand } from '../../../protocol/cat/proactive-command.ts';
import type { TerminalResponse } from '../../../protocol/cat/terminal-response.ts';
import type { SystemApi } from '../application.ts';
import { answer, nextField, question, requestOf, type Dialogue, type Field } from './dialogue.ts';
import type { PaymentKeyword, PaymentRequest } from './payment-request.ts';

/** A dialogue in progress for one application. */
export interface DialogueRunner {
  start(keyword: PaymentKeyword, api: SystemApi): void;
  /** Takes the answer to a question; false when `command` was not a question of this dialogue. */
  onResponse(response: TerminalResponse, command: ProactiveCommand, api: SystemApi): boolean;
  /** Forgets the dialogue (handset reset). */
  reset(): void;
}

/** A DISPLAY TEXT the user clears. */
export function displayText(text: string): DisplayText {
  return {
    type: 'displayText',
    commandNumber: 1,
    highPriority: false,
    waitForUser: true,
    text: { coding: 'gsm8', text },
    immediateResponse: false,
  };
}

/** A runner that calls `complete` with each finished request. */
export function dialogueRunner(
  complete: (request: PaymentRequest, api: SystemApi) => void,
): DialogueRunner {
  let current: { dialogue: Dialogue; field: Field } | undefined;
  const ask = (dialogue: Dialogue, api: SystemApi): void => {
    const field = nextField(dialogue);
    if (field === undefined) {
      current = undefined;
      complete(requestOf(dialogue), api);
      return;
    }
    current = { dialogue, field };
    api.queueCommand(question(field));
  };
  return {
    start(keyword, api) {
      ask({ keyword, answers: {} }, api);
    },
    onResponse(response, command, api) {
      if (current === undefined) return false;
      if (command.type !== 'getInput' && command.type !== 'selectItem') return false;
      const next = answer(current.dialogue, current.field, response);
      if (typeof next === 'string') {
        current = undefined;
        api.queueCommand(displayText(next));
      } else {
        ask(next, api);
      }
      return true;
    },
    reset() {
      current = undefined;
    },
  };
}
