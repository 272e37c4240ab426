// The ledger in process memory: the same planning engine as the SQLite store, for tests and the
// demo when no durability is wanted. A batch is applied whole after it is planned.
import { checkAccount, newAccount } from './accounts.ts';
import { planExpiry, planTransfers } from './engine.ts';
import type { AlongsideWrite, Clock, Ledger } from './ledger.ts';
import { snapshotForExpiry, snapshotForTransfers, type RecordReader } from './snapshot.ts';
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

/** Ledger held in Maps; not durable. */
export class MemoryLedger implements Ledger {
  private readonly accounts = new Map<string, Account>();
  private readonly transfers = new Map<string, Transfer>();
  private readonly pending = new Map<string, PendingState>();
  private readonly reader: RecordReader = {
    account: (id) => this.accounts.get(id),
    transfer: (id) => this.transfers.get(id),
    pending: (id) => this.pending.get(id),
  };
  private lastTimestamp = 0n;

  constructor(private readonly clock: Clock) {}

  async createAccounts(batch: readonly AccountInput[]): Promise<AccountResult[]> {
    return batch.map((a) => {
      const result = checkAccount(a, this.accounts.get(a.id));
      if (result === 'ok') {
        const clock = BigInt(this.clock.now()) * 1000n;
        this.lastTimestamp = clock > this.lastTimestamp ? clock : this.lastTimestamp + 1n;
        this.accounts.set(a.id, newAccount(a, this.lastTimestamp));
      }
      return { id: a.id, result };
    });
  }

  async createTransfers(
    batch: readonly TransferInput[],
    alongside?: AlongsideWrite,
  ): Promise<TransferResult[]> {
    const snapshot = snapshotForTransfers(this.reader, batch);
    const planned = planTransfers(snapshot, batch, this.clock.now(), this.lastTimestamp);
    this.apply(planned.plan);
    this.lastTimestamp = planned.lastTimestamp;
    alongside?.(planned.results);
    return planned.results;
  }

  async lookupAccounts(ids: readonly string[]): Promise<Account[]> {
    return ids.flatMap((id) => this.accounts.get(id) ?? []);
  }

  async lookupTransfers(ids: readonly string[]): Promise<Transfer[]> {
    return ids.flatMap((id) => this.transfers.get(id) ?? []);
  }

  async lookupPending(ids: readonly string[]): Promise<PendingState[]> {
    return ids.flatMap((id) => this.pending.get(id) ?? []);
  }

  async accountTransfers(query: HistoryQuery): Promise<Transfer[]> {
    const before = query.before ?? 1n << 62n;
    return [...this.transfers.values()]
      .filter((t) => t.result === 'ok' && t.timestamp < before)
      .filter((t) => t.debitAccountId === query.accountId || t.creditAccountId === query.accountId)
      .sort((a, b) => (a.timestamp < b.timestamp ? 1 : -1))
      .slice(0, Math.max(0, Math.min(query.limit, 1000)));
  }

  async expirePending(limit: number): Promise<ExpiredTransfer[]> {
    const now = this.clock.now();
    const ids = [...this.pending.values()]
      .filter((p) => p.status === 'pending' && p.expiresAt !== null && p.expiresAt <= now)
      .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0) || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((p) => p.id);
    const planned = planExpiry(snapshotForExpiry(this.reader, ids), ids, now, this.lastTimestamp);
    this.apply(planned.plan);
    this.lastTimestamp = planned.lastTimestamp;
    return planned.expired;
  }

  async allAccounts(): Promise<Account[]> {
    return [...this.accounts.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async close(): Promise<void> {}

  private apply(plan: Plan): void {
    for (const t of plan.transfers) this.transfers.set(t.id, t);
    for (const a of plan.accounts) this.accounts.set(a.id, a);
    for (const p of plan.pending) this.pending.set(p.id, p);
  }
}
