// The ledger on PostgreSQL (`pg`): the same planning engine and portable schema as the SQLite
// store. Each batch is one transaction that first takes a transaction-level advisory lock, so
// batches from several server processes apply one at a time, as TigerBeetle's single state machine;
// a batch's writes are three statements over arrays (unnest), not one round trip per row.
import type { Pool, PoolClient } from 'pg';
import { checkAccount, newAccount } from './accounts.ts';
import { accountIdsToLoad, planExpiry, planTransfers, transferIdsToLoad } from './engine.ts';
import type { AlongsideWrite, Clock, Ledger } from './ledger.ts';
import { inLedgerTransaction } from './pg-transaction.ts';
import { LEDGER_SCHEMA } from './sql-schema.ts';
import {
  accountFromRow,
  accountParams,
  pendingFromRow,
  transferFromRow,
  transferParams,
  type Row,
} from './sql-rows.ts';
import type { Plan, Snapshot } from './working-set.ts';
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

/** Advisory lock key that serialises ledger writers ("simpay" in ASCII). */
const LEDGER_LOCK = 0x73696d706179;
const ACCOUNTS =
  'id, ledger, code, flags, user_data, debits_pending, debits_posted, credits_pending, credits_posted, timestamp';
const TRANSFERS =
  'id, debit_account_id, credit_account_id, amount, pending_id, timeout_seconds, ledger, code, flags, user_data, timestamp, result';

async function byIds<T>(
  c: PoolClient | Pool,
  table: string,
  columns: string,
  ids: string[],
  map: (r: Row) => T,
) {
  if (ids.length === 0) return new Map<string, T>();
  const rows = (await c.query(`SELECT ${columns} FROM ${table} WHERE id = ANY($1)`, [ids]))
    .rows as Row[];
  return new Map(rows.map((r) => [String(r['id']), map(r)]));
}

function insertSql(table: string, columns: string): string {
  const marks = columns.split(', ').map((_c, i) => `$${i + 1}`);
  return `INSERT INTO ${table} (${columns}) VALUES (${marks.join(', ')})`;
}

const values = (row: Row, columns: string) => columns.split(', ').map((c) => row[c] ?? null);

/** Transfer columns with their PostgreSQL types, for inserting a batch from one array per column. */
const TRANSFER_TYPES: readonly (readonly [string, string])[] = [
  ['id', 'text'],
  ['debit_account_id', 'text'],
  ['credit_account_id', 'text'],
  ['amount', 'bigint'],
  ['pending_id', 'text'],
  ['timeout_seconds', 'bigint'],
  ['ledger', 'text'],
  ['code', 'integer'],
  ['flags', 'integer'],
  ['user_data', 'text'],
  ['timestamp', 'bigint'],
  ['result', 'text'],
];

const INSERT_TRANSFERS =
  `INSERT INTO ledger_transfers (${TRANSFER_TYPES.map(([c]) => c).join(', ')}) ` +
  `SELECT * FROM unnest(${TRANSFER_TYPES.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`;

const UPDATE_BALANCES =
  'UPDATE ledger_accounts AS a SET debits_pending = u.dp, debits_posted = u.dpo, ' +
  'credits_pending = u.cp, credits_posted = u.cpo ' +
  'FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[]) AS u(id, dp, dpo, cp, cpo) ' +
  'WHERE a.id = u.id';

const UPSERT_PENDING =
  'INSERT INTO ledger_pending (id, status, expires_at) ' +
  'SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ' +
  'ON CONFLICT (id) DO UPDATE SET status = excluded.status, expires_at = excluded.expires_at';

/** Ledger stored in PostgreSQL; call `init()` once before use. */
export class PgLedger implements Ledger {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  /** Creates the ledger tables if they do not exist. */
  async init(): Promise<void> {
    for (const statement of LEDGER_SCHEMA) await this.pool.query(statement);
  }

  async createAccounts(batch: readonly AccountInput[]): Promise<AccountResult[]> {
    return this.inTransaction(async (c, last) => {
      const stored = await byIds(
        c,
        'ledger_accounts',
        ACCOUNTS,
        batch.map((a) => a.id),
        accountFromRow,
      );
      let timestamp = this.next(last);
      const results: AccountResult[] = [];
      for (const a of batch) {
        const result = checkAccount(a, stored.get(a.id));
        if (result === 'ok') {
          const account = newAccount(a, timestamp++);
          await c.query(
            insertSql('ledger_accounts', ACCOUNTS),
            values(accountParams(account), ACCOUNTS),
          );
          stored.set(a.id, account);
        }
        results.push({ id: a.id, result });
      }
      return results;
    });
  }

  async createTransfers(
    batch: readonly TransferInput[],
    alongside?: AlongsideWrite,
  ): Promise<TransferResult[]> {
    const now = this.clock.now();
    return this.inTransaction(async (c, last) => {
      const snapshot = await this.snapshot(c, transferIdsToLoad(batch), (s) =>
        accountIdsToLoad(batch, s),
      );
      const planned = planTransfers(snapshot, batch, now, last);
      await this.write(c, planned.plan);
      if (alongside) await inLedgerTransaction(c, () => alongside(planned.results));
      return planned.results;
    });
  }

  async expirePending(limit: number): Promise<ExpiredTransfer[]> {
    const now = this.clock.now();
    return this.inTransaction(async (c, last) => {
      const due = await c.query(
        "SELECT id FROM ledger_pending WHERE status = 'pending' AND expires_at IS NOT NULL " +
          'AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2',
        [now, limit],
      );
      const ids = (due.rows as Row[]).map((r) => String(r['id']));
      const accountsOf = (s: Snapshot) =>
        [...s.transfers.values()].flatMap((t) => [t.debitAccountId, t.creditAccountId]);
      const snapshot = await this.snapshot(c, ids, accountsOf);
      const planned = planExpiry(snapshot, ids, now, last);
      await this.write(c, planned.plan);
      return planned.expired;
    });
  }

  async lookupAccounts(ids: readonly string[]): Promise<Account[]> {
    const found = await byIds(this.pool, 'ledger_accounts', ACCOUNTS, [...ids], accountFromRow);
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async lookupTransfers(ids: readonly string[]): Promise<Transfer[]> {
    const found = await byIds(this.pool, 'ledger_transfers', TRANSFERS, [...ids], transferFromRow);
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async lookupPending(ids: readonly string[]): Promise<PendingState[]> {
    const found = await byIds(
      this.pool,
      'ledger_pending',
      'id, status, expires_at',
      [...ids],
      pendingFromRow,
    );
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async accountTransfers(query: HistoryQuery): Promise<Transfer[]> {
    const result = await this.pool.query(
      `SELECT ${TRANSFERS} FROM ledger_transfers WHERE result = 'ok' AND timestamp < $1 ` +
        'AND (debit_account_id = $2 OR credit_account_id = $2) ORDER BY timestamp DESC LIMIT $3',
      [query.before ?? 1n << 62n, query.accountId, Math.max(0, Math.min(query.limit, 1000))],
    );
    return (result.rows as Row[]).map(transferFromRow);
  }

  async allAccounts(): Promise<Account[]> {
    const result = await this.pool.query(`SELECT ${ACCOUNTS} FROM ledger_accounts ORDER BY id`);
    return (result.rows as Row[]).map(accountFromRow);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private next(last: bigint): bigint {
    const clock = BigInt(this.clock.now()) * 1000n;
    return clock > last ? clock : last + 1n;
  }

  /** BEGIN, take the writer lock, read the last ledger time, run, COMMIT (ROLLBACK on error). */
  private async inTransaction<T>(work: (c: PoolClient, last: bigint) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK]);
      const row = (
        await c.query(
          'SELECT GREATEST((SELECT MAX(timestamp) FROM ledger_transfers), (SELECT MAX(timestamp) FROM ledger_accounts)) AS t',
        )
      ).rows[0] as Row | undefined;
      const result = await work(c, row?.['t'] == null ? 0n : BigInt(row['t'] as string));
      const done = await c.query('COMMIT');
      if (done.command !== 'COMMIT') throw new Error('the ledger transaction was rolled back');
      return result;
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  }

  private async snapshot(
    c: PoolClient,
    transferIds: string[],
    accountIds: (s: Snapshot) => string[],
  ) {
    const transfers = await byIds(c, 'ledger_transfers', TRANSFERS, transferIds, transferFromRow);
    const pending = await byIds(
      c,
      'ledger_pending',
      'id, status, expires_at',
      transferIds,
      pendingFromRow,
    );
    const partial: Snapshot = { accounts: new Map(), transfers, pending };
    const accounts = await byIds(
      c,
      'ledger_accounts',
      ACCOUNTS,
      accountIds(partial),
      accountFromRow,
    );
    return { accounts, transfers, pending };
  }

  /** Applies a plan in three statements (transfers, balances, pending states), whatever its size. */
  private async write(c: PoolClient, plan: Plan): Promise<void> {
    if (plan.transfers.length > 0) {
      const rows = plan.transfers.map(transferParams);
      await c.query(
        INSERT_TRANSFERS,
        TRANSFER_TYPES.map(([column]) => rows.map((r) => r[column] ?? null)),
      );
    }
    if (plan.accounts.length > 0) {
      const columns = [
        plan.accounts.map((a) => a.id),
        plan.accounts.map((a) => a.debitsPending),
        plan.accounts.map((a) => a.debitsPosted),
        plan.accounts.map((a) => a.creditsPending),
        plan.accounts.map((a) => a.creditsPosted),
      ];
      await c.query(UPDATE_BALANCES, columns);
    }
    if (plan.pending.length > 0) {
      const columns = [
        plan.pending.map((p) => p.id),
        plan.pending.map((p) => p.status),
        plan.pending.map((p) => p.expiresAt),
      ];
      await c.query(UPSERT_PENDING, columns);
    }
  }
}
