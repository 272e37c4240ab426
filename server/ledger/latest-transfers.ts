// The newest successful transfer of each account, remembered from this connection's own commits, so
// that an account's version (the time of its latest change) is read without an index walk. Entries
// are staged while a transaction writes and kept only once it commits.
import type { Transfer } from './types.ts';

/**
 * `t` as a row read back would give it (sql-rows.ts), built directly rather than through row
 * parameters: optional fields a row stores as empty ('' or 0) are absent, and no other keys.
 */
export function asStored(t: Transfer): Transfer {
  const { pendingId, timeoutSeconds, userData } = t;
  return {
    id: t.id,
    debitAccountId: t.debitAccountId,
    creditAccountId: t.creditAccountId,
    amount: t.amount,
    ...(pendingId ? { pendingId } : {}),
    ...(timeoutSeconds ? { timeoutSeconds } : {}),
    ledger: t.ledger,
    code: t.code,
    flags: t.flags,
    ...(userData ? { userData } : {}),
    timestamp: t.timestamp,
    result: t.result,
  };
}

/** Most accounts remembered; beyond it the memory starts again (misses fall back to a query). */
export const LATEST_TRANSFERS_SIZE = 100_000;

/** Per-account newest transfer, in the same shape a row read from the database has. */
export class LatestTransfers {
  private readonly byAccount = new Map<string, Transfer>();
  private staged: Transfer[] = [];

  /** Notes transfers written by the open transaction. */
  stage(transfers: readonly Transfer[]): void {
    for (const t of transfers) if (t.result === 'ok') this.staged.push(t);
  }

  /** The open transaction committed: its transfers become the newest of their accounts. */
  confirm(): void {
    for (const t of this.staged) {
      const stored = asStored(t);
      this.set(t.debitAccountId, stored);
      this.set(t.creditAccountId, stored);
    }
    this.staged = [];
  }

  /** The open transaction rolled back. */
  discard(): void {
    this.staged = [];
  }

  get(accountId: string): Transfer | undefined {
    return this.byAccount.get(accountId);
  }

  /** Remembers `t` unless a newer transfer of the account is known. */
  set(accountId: string, t: Transfer): void {
    const known = this.byAccount.get(accountId);
    if (known && known.timestamp >= t.timestamp) return;
    if (!known && this.byAccount.size >= LATEST_TRANSFERS_SIZE) this.byAccount.clear();
    this.byAccount.set(accountId, t);
  }
}
