// Accounts as this connection last committed them, so that the balances a batch is planned against
// (and a member's balance after a payment) are read without a query. The ledger is the only writer
// of its accounts; new values are staged while a transaction writes and kept only once it commits.
import type { Account } from './types.ts';

/** Most accounts kept; beyond it the memory starts again (misses fall back to a query). */
export const ACCOUNT_CACHE_SIZE = 100_000;

/** Per-id committed accounts. */
export class AccountCache {
  private readonly byId = new Map<string, Account>();
  private staged: Account[] = [];

  get(id: string): Account | undefined {
    return this.byId.get(id);
  }

  /** Keeps an account read from the database (committed state). */
  remember(account: Account): void {
    if (this.byId.size >= ACCOUNT_CACHE_SIZE && !this.byId.has(account.id)) this.byId.clear();
    this.byId.set(account.id, account);
  }

  /** Notes accounts written by the open transaction. */
  stage(accounts: readonly Account[]): void {
    for (const a of accounts) this.staged.push(a);
  }

  /** The open transaction committed: its accounts are the current ones. */
  confirm(): void {
    for (const a of this.staged) this.remember(a);
    this.staged = [];
  }

  /** The open transaction rolled back: what it wrote is forgotten, and so is what it staged. */
  discard(): void {
    for (const a of this.staged) this.byId.delete(a.id);
    this.staged = [];
  }
}
