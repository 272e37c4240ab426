// The in-memory view a batch is planned against: prefetched accounts, transfers and pending
// states, changed in place with an undo log so that a failed linked chain rolls back exactly.
import type { Account, PendingState, Transfer } from './types.ts';

/** Records read before planning a batch (everything the batch may touch). */
export interface Snapshot {
  readonly accounts: Map<string, Account>;
  readonly transfers: Map<string, Transfer>;
  readonly pending: Map<string, PendingState>;
}

/** What a planned batch writes: new transfers and the final state of every touched record. */
export interface Plan {
  readonly transfers: readonly Transfer[];
  readonly accounts: readonly Account[];
  readonly pending: readonly PendingState[];
}

/** Mutable working copy of a snapshot with savepoints. */
export class WorkingSet {
  private readonly undo: (() => void)[] = [];
  private readonly created: Transfer[] = [];
  private readonly touchedAccounts = new Set<string>();
  private readonly touchedPending = new Set<string>();

  constructor(private readonly snapshot: Snapshot) {}

  account(id: string): Account | undefined {
    return this.snapshot.accounts.get(id);
  }

  transfer(id: string): Transfer | undefined {
    return this.snapshot.transfers.get(id);
  }

  pendingState(id: string): PendingState | undefined {
    return this.snapshot.pending.get(id);
  }

  putAccount(account: Account): void {
    this.remember(this.snapshot.accounts, account.id);
    this.snapshot.accounts.set(account.id, account);
    this.touchedAccounts.add(account.id);
  }

  putPending(state: PendingState): void {
    this.remember(this.snapshot.pending, state.id);
    this.snapshot.pending.set(state.id, state);
    this.touchedPending.add(state.id);
  }

  addTransfer(transfer: Transfer): void {
    this.remember(this.snapshot.transfers, transfer.id);
    this.snapshot.transfers.set(transfer.id, transfer);
    this.created.push(transfer);
    this.undo.push(() => void this.created.pop());
  }

  /** A savepoint: pass it to `rollback` to undo every change made after it. */
  mark(): number {
    return this.undo.length;
  }

  rollback(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()?.();
  }

  /** The writes that survived, for the store to apply in one transaction. */
  plan(): Plan {
    const pick = <T>(ids: Set<string>, map: Map<string, T>): T[] =>
      [...ids].flatMap((id) => {
        const value = map.get(id);
        return value === undefined ? [] : [value];
      });
    return {
      transfers: [...this.created],
      accounts: pick(this.touchedAccounts, this.snapshot.accounts),
      pending: pick(this.touchedPending, this.snapshot.pending),
    };
  }

  private remember<T>(map: Map<string, T>, key: string): void {
    const had = map.has(key);
    const previous = map.get(key);
    this.undo.push(() => {
      if (had) map.set(key, previous as T);
      else map.delete(key);
    });
  }
}
