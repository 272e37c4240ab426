// Short references for SMS users (handles.ts) in PostgreSQL, shared by every server process on the
// database: a member's next number is taken under a transaction-scoped advisory lock keyed on the
// member, so two processes never give one number to two payments.
import { numbered, withPgTransaction, type PgPool } from '../ledger/pg-db.ts';
import { HANDLE_SQL, isHandleNumber, type HandleRecords } from './handles.ts';

/** First key of the advisory locks of handle numbering (the second is the member's hash). */
export const HANDLE_LOCK_CLASS = 0x68646c;

type Row = Record<string, unknown>;

/** Per-member numbered references to payment ids in the server's PostgreSQL database. */
export class PgHandleStore implements HandleRecords {
  constructor(private readonly pool: PgPool) {}

  async assign(msisdn: string, paymentId: string): Promise<number> {
    return withPgTransaction(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [HANDLE_LOCK_CLASS, msisdn]);
      const [known] = (await c.query(numbered(HANDLE_SQL.known), [msisdn, paymentId]))
        .rows as Row[];
      if (known) return Number(known['handle']);
      const [last] = (await c.query(numbered(HANDLE_SQL.last), [msisdn])).rows as Row[];
      const handle = Number(last?.['h'] ?? 0) + 1;
      await c.query(numbered(HANDLE_SQL.insert), [msisdn, handle, paymentId]);
      return handle;
    });
  }

  async resolve(msisdn: string, handle: string | undefined): Promise<string | undefined> {
    if (handle !== undefined && !isHandleNumber(handle)) return handle;
    const { rows } =
      handle === undefined
        ? await this.pool.query(numbered(HANDLE_SQL.newest), [msisdn])
        : await this.pool.query(numbered(HANDLE_SQL.byNumber), [msisdn, Number(handle)]);
    const [row] = rows as Row[];
    return row ? String(row['payment_id']) : undefined;
  }
}
