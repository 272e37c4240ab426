// The ledger on SQLite (better-sqlite3): each batch is planned and written inside one IMMEDIATE
// transaction, so a batch is one durable commit (WAL, synchronous=FULL) or nothing at all. Transfer
// batches on a WAL file commit without an fsync and are flushed off the event loop (wal-sync.ts).
import { checkAccount, newAccount } from './accounts.ts';
import { planExpiry, planTransfers } from './engine.ts';
import type { AlongsideWrite, Clock, Ledger } from './ledger.ts';
import { snapshotForExpiry, snapshotForTransfers, type RecordReader } from './snapshot.ts';
import type { SqliteDb, SqliteStatement } from './sqlite-db.ts';
import { SQLITE_LEDGER_SCHEMA } from './sql-schema.ts';
import { migrateTransfers } from './sqlite-migrate.ts';
import {
  accountFromRow,
  accountParams,
  pendingFromRow,
  transferFromRow,
  type Row,
} from './sql-rows.ts';
import { AccountCache } from './account-cache.ts';
import { LatestTransfers } from './latest-transfers.ts';
import { WalSync } from './wal-sync.ts';
import { redoLogOf } from './redo-log.ts';
import type { Plan } from './working-set.ts';
import type {
  Account,
  AccountInput,
  AccountResult,
  ExpiredTransfer,
  HistoryQuery,
  PendingState,
  Transfer,
  TransferInput,
  TransferResult,
} from './types.ts';

const ACCOUNT_COLUMNS =
  'id, ledger, code, flags, user_data, debits_pending, debits_posted, credits_pending, credits_posted, timestamp';
const TRANSFER_COLUMNS =
  'id, debit_account_id, credit_account_id, amount, pending_id, timeout_seconds, ledger, code, flags, user_data, timestamp, result';
const params = (columns: string) =>
  columns
    .split(', ')
    .map((c) => `@${c}`)
    .join(', ');

/** Positional placeholders, one per column: the statements run once per row of every commit. */
const positional = (columns: string) => columns.split(', ').fill('?').join(', ');

/** One side of an account's history, newest first, walking that side's (account, timestamp) index. */
const sideOfHistory = (column: string) =>
  `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE ${column} = @account AND timestamp < @before ` +
  "AND result = 'ok' ORDER BY timestamp DESC LIMIT @limit";

/** Prepared statements, created once per connection. */
function prepare(db: SqliteDb) {
  return {
    account: db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = ?`),
    transfer: db.prepare(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE id = ?`),
    pending: db.prepare('SELECT id, status, expires_at FROM ledger_pending WHERE id = ?'),
    insertAccount: db.prepare(
      `INSERT INTO ledger_accounts (${ACCOUNT_COLUMNS}) VALUES (${params(ACCOUNT_COLUMNS)})`,
    ),
    updateBalances: db.prepare(
      'UPDATE ledger_accounts SET debits_pending = ?, debits_posted = ?, ' +
        'credits_pending = ?, credits_posted = ? WHERE id = ?',
    ),
    insertTransfer: db.prepare(
      `INSERT INTO ledger_transfers (${TRANSFER_COLUMNS}) VALUES (${positional(TRANSFER_COLUMNS)})`,
    ),
    upsertPending: db.prepare(
      'INSERT INTO ledger_pending (id, status, expires_at) VALUES (@id, @status, @expires_at) ' +
        'ON CONFLICT (id) DO UPDATE SET status = excluded.status, expires_at = excluded.expires_at',
    ),
    due: db.prepare(
      "SELECT id FROM ledger_pending WHERE status = 'pending' AND expires_at IS NOT NULL " +
        'AND expires_at <= ? ORDER BY expires_at, id LIMIT ?',
    ),
    history: db.prepare(
      `SELECT * FROM (${sideOfHistory('debit_account_id')}) UNION ` +
        `SELECT * FROM (${sideOfHistory('credit_account_id')}) ORDER BY timestamp DESC LIMIT @limit`,
    ),
    all: db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts ORDER BY id`),
    lastTimestamp: db.prepare(
      'SELECT MAX(t) AS t FROM (SELECT MAX(timestamp) AS t FROM ledger_transfers ' +
        'UNION ALL SELECT MAX(timestamp) AS t FROM ledger_accounts) AS m',
    ),
  };
}

/** Ledger stored in a better-sqlite3 database (which it shares with other server tables). */
export class SqliteLedger implements Ledger {
  private readonly sql: ReturnType<typeof prepare>;
  private readonly reader: RecordReader;
  private lastTimestamp: bigint;
  private readonly latest = new LatestTransfers();
  private readonly accounts = new AccountCache();
  private readonly wal: WalCommits | undefined;

  constructor(
    private readonly db: SqliteDb,
    private readonly clock: Clock,
  ) {
    migrateTransfers(db);
    for (const statement of SQLITE_LEDGER_SCHEMA) db.exec(statement);
    this.sql = prepare(db);
    const row = this.sql.lastTimestamp.get() as Row | undefined;
    this.lastTimestamp = typeof row?.['t'] === 'bigint' ? row['t'] : 0n;
    this.reader = {
      account: (id) => this.accounts.get(id) ?? this.loadAccount(id),
      transfer: (id) => this.row(this.sql.transfer, id, transferFromRow),
      pending: (id) => this.row(this.sql.pending, id, pendingFromRow),
    };
    this.wal = walOf(db);
  }

  async createAccounts(batch: readonly AccountInput[]): Promise<AccountResult[]> {
    const create = this.db.transaction(() => {
      const seen = new Map<string, Account>();
      return batch.map((a) => {
        const stored = seen.get(a.id) ?? this.reader.account(a.id);
        const result = checkAccount(a, stored);
        if (result === 'ok') {
          const account = newAccount(a, this.tick());
          this.accounts.stage([account]);
          this.sql.insertAccount.run(accountParams(account));
          seen.set(a.id, account);
        }
        return { id: a.id, result };
      });
    });
    const results = this.tracked(() => create.immediate());
    await this.redoDurable();
    return results;
  }

  async createTransfers(
    batch: readonly TransferInput[],
    alongside?: AlongsideWrite,
  ): Promise<TransferResult[]> {
    const now = this.clock.now();
    const apply = this.db.transaction(() => {
      const snapshot = snapshotForTransfers(this.reader, batch);
      const planned = planTransfers(snapshot, batch, now, this.lastTimestamp);
      this.write(planned.plan);
      alongside?.(planned.results);
      this.lastTimestamp = planned.lastTimestamp;
      return planned.results;
    });
    const redo = redoLogOf(this.db);
    if (redo?.recording) {
      const results = this.tracked(() => apply.immediate());
      await redo.durable();
      return results;
    }
    if (!this.wal) return this.tracked(() => apply.immediate());
    this.wal.relax.run();
    let results: TransferResult[];
    try {
      results = this.tracked(() => apply.immediate());
    } finally {
      this.wal.restore.run();
    }
    await this.wal.sync.flush();
    return results;
  }

  async lookupAccounts(ids: readonly string[]): Promise<Account[]> {
    return ids.flatMap((id) => this.reader.account(id) ?? []);
  }

  async lookupTransfers(ids: readonly string[]): Promise<Transfer[]> {
    return ids.flatMap((id) => this.reader.transfer(id) ?? []);
  }

  async lookupPending(ids: readonly string[]): Promise<PendingState[]> {
    return ids.flatMap((id) => this.reader.pending(id) ?? []);
  }

  async accountTransfers(query: HistoryQuery): Promise<Transfer[]> {
    const newestOnly = query.limit === 1 && query.before === undefined;
    const known = newestOnly ? this.latest.get(query.accountId) : undefined;
    if (known) return [known];
    const rows = this.sql.history.all({
      account: query.accountId,
      before: query.before ?? 1n << 62n,
      limit: Math.max(0, Math.min(query.limit, 1000)),
    }) as Row[];
    const transfers = rows.map(transferFromRow);
    const newest = transfers[0];
    if (newestOnly && newest) this.latest.set(query.accountId, newest);
    return transfers;
  }

  async expirePending(limit: number): Promise<ExpiredTransfer[]> {
    const now = this.clock.now();
    const expire = this.db.transaction(() => {
      const ids = (this.sql.due.all(now, limit) as Row[]).map((r) => String(r['id']));
      const snapshot = snapshotForExpiry(this.reader, ids);
      const planned = planExpiry(snapshot, ids, now, this.lastTimestamp);
      this.write(planned.plan);
      this.lastTimestamp = planned.lastTimestamp;
      return planned.expired;
    });
    const expired = this.tracked(() => expire.immediate());
    await this.redoDurable();
    return expired;
  }

  /** With a recording redo log, waits until this connection's writes are on stable storage. */
  private async redoDurable(): Promise<void> {
    const redo = redoLogOf(this.db);
    if (redo?.recording) await redo.durable();
  }

  async allAccounts(): Promise<Account[]> {
    return (this.sql.all.all() as Row[]).map(accountFromRow);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Runs a transaction, keeping the newest-transfer memory in step with what it committed. */
  private tracked<T>(transaction: () => T): T {
    try {
      const result = transaction();
      this.latest.confirm();
      this.accounts.confirm();
      return result;
    } finally {
      this.latest.discard();
      this.accounts.discard();
    }
  }

  private write(plan: Plan): void {
    this.latest.stage(plan.transfers);
    this.accounts.stage(plan.accounts);
    const { insertTransfer, updateBalances } = this.sql;
    for (const t of plan.transfers)
      insertTransfer.run(
        t.id,
        t.debitAccountId,
        t.creditAccountId,
        t.amount,
        t.pendingId ?? null,
        t.timeoutSeconds ?? 0,
        t.ledger,
        t.code,
        t.flags,
        t.userData ?? null,
        t.timestamp,
        t.result,
      );
    for (const a of plan.accounts)
      updateBalances.run(a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted, a.id);
    for (const p of plan.pending)
      this.sql.upsertPending.run({ id: p.id, status: p.status, expires_at: p.expiresAt });
  }

  private tick(): bigint {
    const clock = BigInt(this.clock.now()) * 1000n;
    this.lastTimestamp = clock > this.lastTimestamp ? clock : this.lastTimestamp + 1n;
    return this.lastTimestamp;
  }

  private loadAccount(id: string): Account | undefined {
    const account = this.row(this.sql.account, id, accountFromRow);
    if (account) this.accounts.remember(account);
    return account;
  }

  private row<T>(statement: { get(id: string): unknown }, id: string, map: (r: Row) => T) {
    const row = statement.get(id) as Row | undefined;
    return row ? map(row) : undefined;
  }
}

/** How transfer batches commit on a WAL file: without an fsync inside SQLite, then flushed. */
interface WalCommits {
  readonly sync: WalSync;
  /** Sets synchronous=NORMAL for the batch's commit. */
  readonly relax: SqliteStatement;
  /** Sets the connection's own synchronous level back. */
  readonly restore: SqliteStatement;
}

/** The WAL flusher of a file database in WAL mode with synchronous FULL or EXTRA, else undefined. */
function walOf(db: SqliteDb): WalCommits | undefined {
  if (db.memory || db.name === '') return undefined;
  const mode = db.pragma('journal_mode', { simple: true });
  const level = Number(db.pragma('synchronous', { simple: true }));
  if (mode !== 'wal' || level < 2) return undefined;
  const relax = db.prepare('PRAGMA synchronous = NORMAL');
  const restore = db.prepare(`PRAGMA synchronous = ${level}`);
  return { sync: new WalSync(`${db.name}-wal`), relax, restore };
}
