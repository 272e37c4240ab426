// Idempotency keys of plain SMS (recent-messages.ts, SOURCE-NOTES X-03) in PostgreSQL, shared by
// every server process on the database: INSERT … ON CONFLICT keeps one reference per message even
// when the network delivers the same SMS to two processes at once.
import { numbered, type PgPool } from '../ledger/pg-db.ts';
import { RECENT_SQL, type RecentMessageRecords } from './recent-messages.ts';

type Row = { reference: string };

/** Recent plain SMS in the server's PostgreSQL database. */
export class PgRecentMessages implements RecentMessageRecords {
  constructor(private readonly pool: PgPool) {}

  async remember(key: string, fresh: string, now: number, since: number): Promise<string> {
    const kept = await this.pool.query(numbered(RECENT_SQL.remember), [key, fresh, now, since]);
    const [row] = kept.rows as Row[];
    if (row) return row.reference;
    const known = await this.pool.query(numbered(RECENT_SQL.known), [key]);
    return (known.rows[0] as Row).reference;
  }

  async forget(since: number): Promise<void> {
    await this.pool.query(numbered(RECENT_SQL.forget), [since]);
  }
}
