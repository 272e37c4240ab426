// Idempotency keys for plain SMS, which carry no counter (SOURCE-NOTES CH-04, IDK-06, X-03): the
// same SMS delivered again by the network (same sender, TP-MR or concatenation reference, and
// text) within a day maps to the same payment reference, so it never pays twice, while a genuine
// repeat of the same text carries another TP-MR and pays again. The references are kept in the
// server database (SQLite here, PostgreSQL beside), so a restart or another process knows them.
import { createHash } from 'node:crypto';
import type { Clock } from '../ledger/ledger.ts';
import type { SqliteDb } from '../ledger/sqlite-db.ts';

/** How long a plain SMS is remembered: one day. */
export const DEFAULT_REPEAT_TTL_MS = 86_400_000;

/** Remembered messages between two removals of the expired ones. */
export const PRUNE_EVERY = 1000;

/** Where the references of recent plain SMS are kept. */
export interface RecentMessageRecords {
  /**
   * The reference kept for `key` when it was kept after `since`; otherwise keeps `fresh` (seen at
   * `now`) and returns it. Atomic: two callers with one key get one reference.
   */
  remember(key: string, fresh: string, now: number, since: number): Promise<string>;
  /** Forgets the references kept before `since`. */
  forget(since: number): Promise<void>;
}

/** The table of recent plain SMS in portable SQL (SQLite and PostgreSQL both accept it). */
export const RECENT_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS gateway_recent_sms (
    sms_key TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    seen_at BIGINT NOT NULL
  )`,
];

/** Statements shared by both stores, with `?` placeholders. */
export const RECENT_SQL = {
  remember:
    'INSERT INTO gateway_recent_sms (sms_key, reference, seen_at) VALUES (?, ?, ?) ' +
    'ON CONFLICT (sms_key) DO UPDATE SET reference = excluded.reference, ' +
    'seen_at = excluded.seen_at WHERE gateway_recent_sms.seen_at < ? RETURNING reference',
  known: 'SELECT reference FROM gateway_recent_sms WHERE sms_key = ?',
  forget: 'DELETE FROM gateway_recent_sms WHERE seen_at < ?',
} as const;

type Row = { reference: string };

/** Recent plain SMS in the server's SQLite database. */
export class SqliteRecentMessages implements RecentMessageRecords {
  constructor(private readonly db: SqliteDb) {
    for (const statement of RECENT_SCHEMA) db.exec(statement);
  }

  async remember(key: string, fresh: string, now: number, since: number): Promise<string> {
    const kept = this.db.prepare(RECENT_SQL.remember).get(key, fresh, now, since) as
      Row | undefined;
    if (kept) return kept.reference;
    return (this.db.prepare(RECENT_SQL.known).get(key) as Row).reference;
  }

  async forget(since: number): Promise<void> {
    this.db.prepare(RECENT_SQL.forget).run(since);
  }
}

/** Payment references of recent plain SMS, by what identifies a network retransmission. */
export class RecentMessages {
  private remembered = 0;

  constructor(
    private readonly records: RecentMessageRecords,
    private readonly clock: Clock,
    readonly ttlMs: number = DEFAULT_REPEAT_TTL_MS,
  ) {}

  /** The reference for an SMS from `sender` with message reference `mark` and `text`. */
  async referenceFor(sender: string, mark: number, text: string): Promise<string> {
    const key = createHash('sha256').update(`${sender}\n${mark}\n${text}`).digest('hex');
    const now = this.clock.now();
    const since = now - this.ttlMs;
    const reference = await this.records.remember(
      key,
      `sms-${key.slice(0, 16)}-${now}`,
      now,
      since,
    );
    this.remembered += 1;
    if (this.remembered % PRUNE_EVERY === 0) await this.records.forget(since);
    return reference;
  }
}
