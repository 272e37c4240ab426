// Small pure helpers of the handset machine: telling a removed card from a silent one, and which
// requests are PIN entries (TS 27.007 §8.3 +CPIN).
import type { HandsetJob } from './jobs.ts';
import type { PinOutcome } from './start-up.ts';

/** Card faults the handset tells apart. */
export type HandsetFault = 'removed' | 'silent';

/** A link error naming an absent card is a removal; any other failure is a silent card. */
export function faultOf(error: unknown): HandsetFault {
  const text =
    error instanceof Error
      ? `${error.name} ${String((error as { code?: unknown }).code ?? '')} ${error.message}`
      : String(error);
  return /REMOVED|NO_CARD|NOT_PRESENT|absent|removed/i.test(text) ? 'removed' : 'silent';
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
