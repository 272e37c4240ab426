// Small pure helpers of the handset machine: telling a removed card from a silent one, and which
// requests are PIN entries (TS 27.007 §8.3 +CPIN).
import { cardFaultOf, type CardFault } from '../transport-error.ts';
import type { HandsetJob } from './jobs.ts';
import type { HandsetEmitted } from './handset-types.ts';
import type { ReceiveOutcome } from './mt-sms.ts';
import type { PinOutcome } from './start-up.ts';

/** Card faults the handset tells apart. */
export type HandsetFault = CardFault;

/** A TransportError by its code (a vanished card is a removal); any other failure is a silent card. */
export function faultOf(error: unknown): HandsetFault {
  return cardFaultOf(error) ?? 'silent';
}

/** The error's one-line reason, with its code when it has one (`CARD_REMOVED: ...`). */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}

export function isPinJob(job: HandsetJob | undefined, kind: 'enterPin' | 'enterPuk'): boolean {
  return job?.kind === kind;
}

/** Attempts left after a PIN outcome. */
export function attemptsOf(outcome: PinOutcome): number {
  return outcome.kind === 'rejected' ? outcome.attemptsLeft : 0;
}

/** Keeps the last `max` lines. */
export function appendLine(lines: readonly string[], line: string, max: number): string[] {
  return [...lines, line].slice(-max);
}

/** The notice for a received SMS; `memoryCount` is the handset memory size after storing it. */
export function receivedNotice(
  outcome: ReceiveOutcome | undefined,
  memoryCount: number,
): HandsetEmitted {
  if (outcome === undefined) return { type: 'screen.text', text: 'unreadable message discarded' };
  if (outcome.kind === 'storedOnSim') {
    return { type: 'sms.received', outcome, storage: 'SM', index: outcome.index };
  }
  if (outcome.kind === 'forHandset') {
    return { type: 'sms.received', outcome, storage: 'ME', index: memoryCount, sms: outcome.sms };
  }
  return { type: 'sms.received', outcome };
}
