// The PIN check with lockout: a wrong PIN increments the member's counter and the third wrong PIN
// locks the member. The member store runs the verdict in one transaction with the read, so
// concurrent guesses cannot race (SQLite: an immediate transaction; PostgreSQL: SELECT FOR UPDATE).
import type { Member, MemberStatus } from '../members/types.ts';
import { isValidPinFormat, type PinHasher } from './pin-hash.ts';

/** Wrong PINs in a row that lock a member. */
export const MAX_PIN_FAILURES = 3;

export type PinOutcome = 'ok' | 'wrong_pin' | 'locked' | 'unknown_member';

/** What the PIN check reads of a member. */
export interface PinRecord {
  readonly status: MemberStatus;
  readonly pinHash: string;
  readonly failures: number;
}

/** The outcome of one check and, when the counter changes, what to store. */
export interface PinVerdict {
  readonly outcome: PinOutcome;
  readonly update?: { readonly failures: number; readonly status: MemberStatus };
}

/** The outcome of a check and the member it authenticated (undefined unless the PIN was right). */
export interface PinCheck {
  readonly outcome: PinOutcome;
  readonly member: Member | undefined;
}

/** Where PIN records live: runs `judge` on the member's record and stores its update atomically. */
export interface PinStore {
  guardPin(msisdn: string, judge: (record: PinRecord | undefined) => PinVerdict): Promise<PinCheck>;
}

/** Decides a check of `pin` against `record`; the PIN is neither stored nor logged. */
export function judgePin(
  hasher: PinHasher,
  msisdn: string,
  pin: unknown,
  record: PinRecord | undefined,
): PinVerdict {
  if (!record) return { outcome: 'unknown_member' };
  if (record.status === 'locked') return { outcome: 'locked' };
  if (isValidPinFormat(pin) && hasher.matches(msisdn, pin, record.pinHash))
    return record.failures === 0
      ? { outcome: 'ok' }
      : { outcome: 'ok', update: { failures: 0, status: 'active' } };
  const failures = record.failures + 1;
  const status = failures >= MAX_PIN_FAILURES ? 'locked' : 'active';
  return { outcome: status === 'locked' ? 'locked' : 'wrong_pin', update: { failures, status } };
}

/** Checks `pin` for `msisdn` and updates the failure counter in the same transaction. */
export function checkPin(
  store: PinStore,
  hasher: PinHasher,
  msisdn: string,
  pin: unknown,
): Promise<PinCheck> {
  return store.guardPin(msisdn, (record) => judgePin(hasher, msisdn, pin, record));
}
