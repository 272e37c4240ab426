// Group commit over any Ledger: transfer batches that arrive within a short window (the same
// event-loop turn by default) are coalesced into one batch, hence one database transaction and one
// fsync, and each caller gets back exactly its own results. Callers' alongside writes share that
// transaction. Sequential semantics are kept: events run in arrival order.
import type { AlongsideWrite, Ledger } from './ledger.ts';
import { TransferFlags, type TransferInput, type TransferResult } from './types.ts';

/** Most events in one coalesced batch (TigerBeetle's batch size). */
export const MAX_GROUP_EVENTS = 8190;

/** How batches are gathered into a group. */
export interface GroupCommitOptions {
  /** Most events in one group (default and upper bound {@link MAX_GROUP_EVENTS}). */
  readonly maxEvents?: number;
  /** Longest a batch waits for others, in ms; 0 (default) waits for the end of the event-loop turn. */
  readonly maxWaitMs?: number;
}

interface Waiting {
  readonly batch: readonly TransferInput[];
  readonly alongside: AlongsideWrite | undefined;
  resolve(results: TransferResult[]): void;
  reject(error: unknown): void;
}

type Scheduler = (flush: () => void) => void;

function scheduler(maxWaitMs: number): Scheduler {
  if (maxWaitMs <= 0) return (flush) => void setImmediate(flush);
  return (flush) => void setTimeout(flush, maxWaitMs);
}

/** Wraps a ledger so concurrent createTransfers calls share commits; other calls pass through. */
export class GroupCommitLedger implements Ledger {
  private queue: Waiting[] = [];
  private queuedEvents = 0;
  private scheduled = false;
  private readonly maxEvents: number;
  private readonly schedule: Scheduler;

  constructor(
    private readonly inner: Ledger,
    schedule?: Scheduler,
    options: GroupCommitOptions = {},
  ) {
    this.maxEvents = Math.max(1, Math.min(options.maxEvents ?? MAX_GROUP_EVENTS, MAX_GROUP_EVENTS));
    this.schedule = schedule ?? scheduler(options.maxWaitMs ?? 0);
  }

  createTransfers(
    batch: readonly TransferInput[],
    alongside?: AlongsideWrite,
  ): Promise<TransferResult[]> {
    const last = batch[batch.length - 1];
    const openChain = last !== undefined && (last.flags & TransferFlags.linked) !== 0;
    if (batch.length === 0 || openChain || batch.length > this.maxEvents)
      return this.inner.createTransfers(batch, alongside);
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, alongside, resolve, reject });
      this.queuedEvents += batch.length;
      if (this.queuedEvents >= this.maxEvents) this.flushNow();
      else if (!this.scheduled) {
        this.scheduled = true;
        this.schedule(() => void this.flush());
      }
    });
  }

  /** A full group does not wait for the window. */
  private flushNow(): void {
    const group = this.takeGroup();
    void this.commitGroup(group);
  }

  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    let events = 0;
    while (this.queue[0] && events + this.queue[0].batch.length <= this.maxEvents) {
      const next = this.queue.shift() as Waiting;
      events += next.batch.length;
      group.push(next);
    }
    this.queuedEvents -= events;
    return group;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.queue.length > 0) await this.commitGroup(this.takeGroup());
  }

  private async commitGroup(group: readonly Waiting[]): Promise<void> {
    const failures = new Map<Waiting, unknown>();
    try {
      const results = await this.inner.createTransfers(
        group.flatMap((w) => w.batch),
        (all) => runAlongside(group, all, failures),
      );
      let offset = 0;
      for (const w of group) {
        const failure = failures.get(w);
        if (failures.has(w)) w.reject(failure);
        else w.resolve(results.slice(offset, offset + w.batch.length));
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

/**
 * Runs each caller's alongside write with its own results. A write that throws fails only its
 * caller: it must be a single statement, which SQLite undoes on its own without ending the
 * transaction; the caller's transfers stand, as they would had the write been a later commit.
 * Writes that return promises are gathered into one, which rejects when any of them fails: a
 * store that awaits it (PostgreSQL) fails the whole batch, since a failed statement there ends
 * the transaction; SQLite does not await it.
 */
function runAlongside(
  group: readonly Waiting[],
  results: TransferResult[],
  failures: Map<Waiting, unknown>,
): Promise<void> | undefined {
  let offset = 0;
  const pending: Promise<void>[] = [];
  for (const w of group) {
    const mine = results.slice(offset, offset + w.batch.length);
    offset += w.batch.length;
    try {
      const written = w.alongside?.(mine);
      if (written)
        pending.push(
          written.catch((error: unknown) => {
            failures.set(w, error);
            throw error;
          }),
        );
    } catch (error) {
      failures.set(w, error);
    }
  }
  if (pending.length === 0) return undefined;
  const all = Promise.all(pending).then(() => undefined);
  all.catch(() => undefined);
  return all;
}
