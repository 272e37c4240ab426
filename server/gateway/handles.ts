// Short references for SMS users (SOURCE-NOTES CH-01, P-04): a payment or request the gateway
// told a member about gets a small number per member, so `ACCEPT 3` replaces a long payment id.
// The port is asynchronous so that SQLite (this file) and PostgreSQL fit behind it.
import type { SqliteDb } from '../ledger/sqlite-db.ts';

/** Per-member numbered references to payment ids, whichever database holds them. */
export interface HandleRecords {
  /** The member's number for `paymentId`, assigning the next one the first time. */
  assign(msisdn: string, paymentId: string): Promise<number>;
  /**
   * The payment id a member means: by number, the newest when `handle` is undefined, or the
   * text itself when it is not a number (a full payment id).
   */
  resolve(msisdn: string, handle: string | undefined): Promise<string | undefined>;
}

/** The handle table in portable SQL (SQLite and PostgreSQL both accept it). */
export const HANDLE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS gateway_handles (
    msisdn TEXT NOT NULL,
    handle INTEGER NOT NULL,
    payment_id TEXT NOT NULL,
    PRIMARY KEY (msisdn, handle)
  )`,
];

/** Statements shared by both stores, with `?` placeholders. */
export const HANDLE_SQL = {
  known: 'SELECT handle FROM gateway_handles WHERE msisdn = ? AND payment_id = ?',
  last: 'SELECT MAX(handle) AS h FROM gateway_handles WHERE msisdn = ?',
  insert: 'INSERT INTO gateway_handles (msisdn, handle, payment_id) VALUES (?, ?, ?)',
  newest: 'SELECT payment_id FROM gateway_handles WHERE msisdn = ? ORDER BY handle DESC LIMIT 1',
  byNumber: 'SELECT payment_id FROM gateway_handles WHERE msisdn = ? AND handle = ?',
} as const;

type Row = Record<string, unknown>;

/** True when `handle` is a handle number rather than a payment id. */
export function isHandleNumber(handle: string): boolean {
  return /^[0-9]{1,9}$/.test(handle);
}

/** Per-member numbered references to payment ids, in the server's SQLite database. */
export class HandleStore implements HandleRecords {
  constructor(readonly db: SqliteDb) {
    for (const statement of HANDLE_SCHEMA) db.exec(statement);
  }

  async assign(msisdn: string, paymentId: string): Promise<number> {
    return this.db.transaction(() => {
      const known = this.db.prepare(HANDLE_SQL.known).get(msisdn, paymentId) as Row | undefined;
      if (known) return Number(known['handle']);
      const last = this.db.prepare(HANDLE_SQL.last).get(msisdn) as Row;
      const handle = Number(last['h'] ?? 0) + 1;
      this.db.prepare(HANDLE_SQL.insert).run(msisdn, handle, paymentId);
      return handle;
    })();
  }

  async resolve(msisdn: string, handle: string | undefined): Promise<string | undefined> {
    if (handle !== undefined && !isHandleNumber(handle)) return handle;
    const row = (
      handle === undefined
        ? this.db.prepare(HANDLE_SQL.newest).get(msisdn)
        : this.db.prepare(HANDLE_SQL.byNumber).get(msisdn, Number(handle))
    ) as Row | undefined;
    return row ? String(row['payment_id']) : undefined;
  }
}
