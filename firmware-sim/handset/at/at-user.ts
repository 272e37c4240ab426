// The user at the AT interface answering the SIM's questions (GET INPUT, SELECT ITEM; ETSI
// TS 102 223 §6.4.3, §6.4.9). TS 27.007 defines no command for this, so the modem follows the
// common vendor pattern: an unsolicited +STIN announces a question, AT+STGI shows it, AT+STGR
// answers it (text, an item position, or nothing).
import type { UserAnswer, UserPort, UserQuestion } from '../ports.ts';

interface Pending {
  readonly question: UserQuestion;
  readonly resolve: (answer: UserAnswer) => void;
}

/** A UserPort whose questions wait for AT+STGR. */
export class AtUserPort implements UserPort {
  private pending: Pending | undefined;
  private listener: ((question: UserQuestion) => void) | undefined;

  constructor(private readonly startPin?: string) {}

  pin(): Promise<string | undefined> {
    return Promise.resolve(this.startPin);
  }

  answer(question: UserQuestion): Promise<UserAnswer> {
    this.pending?.resolve({ kind: 'none' });
    return new Promise((resolve) => {
      this.pending = { question, resolve };
      this.listener?.(question);
    });
  }

  /** Called for each new question (the interpreter announces it with +STIN). */
  onQuestion(listener: ((question: UserQuestion) => void) | undefined): void {
    this.listener = listener;
  }

  /** The question waiting for an answer, if any. */
  get question(): UserQuestion | undefined {
    return this.pending?.question;
  }

  /** Answers the waiting question; false when none is waiting. */
  reply(answer: UserAnswer): boolean {
    const pending = this.pending;
    if (pending === undefined) return false;
    this.pending = undefined;
    pending.resolve(answer);
    return true;
  }
}
