// The PIN check with lockout: a wrong PIN increments the member's counter and the third wrong PIN
// locks the member, in the same transaction as the comparison so concurrent guesses cannot race.
import type { SqliteDb } from '../ledger/sqlite-db.ts';
import { isValidPinFormat, type PinHasher } from './pin-hash.ts';

/** Wrong PINs in a row that lock a member. */
export const MAX_PIN_FAILURES = 3;

export type PinOutcome = 'ok' | 'wrong_pin' | 'locked' | 'unknown_member';

/** Checks `pin` for `msisdn` and updates the failure counter; the PIN is neither stored nor logged. */
export function checkPin(
  db: SqliteDb,
  hasher: PinHasher,
  msisdn: string,
  pin: unknown,
): PinOutcome {
  return db
    .transaction((): PinOutcome => {
      const row = db
        .prepare('SELECT status, pin_hash, pin_failures FROM members WHERE msisdn = ?')
        .get(msisdn) as Record<string, unknown> | undefined;
      if (!row) return 'unknown_member';
      if (row['status'] === 'locked') return 'locked';
      const good = isValidPinFormat(pin) && hasher.matches(msisdn, pin, String(row['pin_hash']));
      if (good) {
        if (Number(row['pin_failures']) !== 0)
          db.prepare('UPDATE members SET pin_failures = 0 WHERE msisdn = ?').run(msisdn);
        return 'ok';
      }
      const failures = Number(row['pin_failures']) + 1;
      const status = failures >= MAX_PIN_FAILURES ? 'locked' : 'active';
      db.prepare('UPDATE members SET pin_failures = ?, status = ? WHERE msisdn = ?').run(
        failures,
        status,
        msisdn,
      );
      return status === 'locked' ? 'locked' : 'wrong_pin';
    })
    .immediate();
}
