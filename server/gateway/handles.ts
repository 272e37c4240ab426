// Short references for SMS users (SOURCE-NOTES CH-01, P-04): a payment or request the gateway
// told a member about gets a small number per member, so `ACCEPT 3` replaces a long payment id.
import type { SqliteDb } from '../ledger/sqlite-db.ts';

type Row = Record<string, unknown>;

/** Per-member numbered references to payment ids, in the server database. */
export class HandleStore {
  constructor(readonly db: SqliteDb) {
    db.exec(`CREATE TABLE IF NOT EXISTS gateway_handles (
      msisdn TEXT NOT NULL,
      handle INTEGER NOT NULL,
      payment_id TEXT NOT NULL,
      PRIMARY KEY (msisdn, handle)
    )`);
  }

  /** The member's number for `paymentId`, assigning the next one the first time. */
  assign(msisdn: string, paymentId: string): number {
    return this.db.transaction(() => {
      const known = this.db
        .prepare('SELECT handle FROM gateway_handles WHERE msisdn = ? AND payment_id = ?')
        .get(msisdn, paymentId) as Row | undefined;
      if (known) return Number(known['handle']);
      const last = this.db
        .prepare('SELECT MAX(handle) AS h FROM gateway_handles WHERE msisdn = ?')
        .get(msisdn) as Row;
      const handle = Number(last['h'] ?? 0) + 1;
      this.db
        .prepare('INSERT INTO gateway_handles (msisdn, handle, payment_id) VALUES (?, ?, ?)')
        .run(msisdn, handle, paymentId);
      return handle;
    })();
  }

  /**
   * The payment id a member means: by number, the newest when `handle` is undefined, or the
   * text itself when it is not a number (a full payment id).
   */
  resolve(msisdn: string, handle: string | undefined): string | undefined {
    if (handle !== undefined && !/^[0-9]{1,9}$/.test(handle)) return handle;
    const row = (
      handle === undefined
        ? this.db
            .prepare(
              'SELECT payment_id FROM gateway_handles WHERE msisdn = ? ORDER BY handle DESC LIMIT 1',
            )
            .get(msisdn)
        : this.db
            .prepare('SELECT payment_id FROM gateway_handles WHERE msisdn = ? AND handle = ?')
            .get(msisdn, Number(handle))
    ) as Row | undefined;
    return row ? String(row['payment_id']) : undefined;
  }
}
