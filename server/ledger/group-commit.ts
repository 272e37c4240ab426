// Group commit over any Ledger: transfer batches that arrive in the same event-loop turn are
// coalesced into one batch, hence one database transaction and one fsync, and each caller gets
// back exactly its own results. Sequential semantics are kept: events run in arrival order.
import type { Ledger } from './ledger.ts';
import { TransferFlags, type TransferInput, type TransferResult } from './types.ts';

/** Most events in one coalesced batch (TigerBeetle's batch size). */
export const MAX_GROUP_EVENTS = 8190;

interface Waiting {
  readonly batch: readonly TransferInput[];
  resolve(results: TransferResult[]): void;
  reject(error: unknown): void;
}

/** Wraps a ledger so concurrent createTransfers calls share commits; other calls pass through. */
export class GroupCommitLedger implements Ledger {
  private queue: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly inner: Ledger,
    private readonly schedule: (flush: () => void) => void = (flush) => void setImmediate(flush),
  ) {}

  createTransfers(batch: readonly TransferInput[]): Promise<TransferResult[]> {
    const last = batch[batch.length - 1];
    const openChain = last !== undefined && (last.flags & TransferFlags.linked) !== 0;
    if (batch.length === 0 || openChain || batch.length > MAX_GROUP_EVENTS)
      return this.inner.createTransfers(batch);
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        this.schedule(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const group: Waiting[] = [];
      let events = 0;
      while (this.queue[0] && events + this.queue[0].batch.length <= MAX_GROUP_EVENTS) {
        const next = this.queue.shift() as Waiting;
        events += next.batch.length;
        group.push(next);
      }
      await this.commitGroup(group);
    }
  }

  private async commitGroup(group: readonly Waiting[]): Promise<void> {
    try {
      const results = await this.inner.createTransfers(group.flatMap((w) => w.batch));
      let offset = 0;
      for (const w of group) {
        w.resolve(results.slice(offset, offset + w.batch.length));
        offset += w.batch.length;
      }
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }

  createAccounts: Ledger['createAccounts'] = (batch) => this.inner.createAccounts(batch);
  lookupAccounts: Ledger['lookupAccounts'] = (ids) => this.inner.lookupAccounts(ids);
  lookupTransfers: Ledger['lookupTransfers'] = (ids) => this.inner.lookupTransfers(ids);
  lookupPending: Ledger['lookupPending'] = (ids) => this.inner.lookupPending(ids);
  accountTransfers: Ledger['accountTransfers'] = (query) => this.inner.accountTransfers(query);
  expirePending: Ledger['expirePending'] = (limit) => this.inner.expirePending(limit);
  allAccounts: Ledger['allAccounts'] = () => this.inner.allAccounts();
  close: Ledger['close'] = () => this.inner.close();
}
