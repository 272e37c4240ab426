// The ledger port: a batch-first, promise-returning interface so that a group-commit layer can
// coalesce many requests into one durable commit, and so that SQLite and PostgreSQL fit behind it.
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

/** Milliseconds since 1970, injected so expiry is testable without waiting. */
export interface Clock {
  now(): number;
}

/** The wall clock, for the server process. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A caller's own write that goes with a transfer batch. On SQLite it runs inside the batch's
 * transaction (synchronously: a returned promise is not awaited). On PostgreSQL it runs inside the
 * batch's transaction too, which awaits the returned promise before COMMIT; the write's statement
 * uses the transaction's connection (see pg-transaction.ts), and a failed write fails the batch.
 * The memory store runs it right after the batch.
 */
export type AlongsideWrite = (results: TransferResult[]) => void | Promise<void>;

/** A double-entry ledger with TigerBeetle semantics. Every method is one atomic batch. */
export interface Ledger {
  createAccounts(batch: readonly AccountInput[]): Promise<AccountResult[]>;
  /**
   * One result per event; the whole batch is one durable transaction. `alongside`, when given, runs
   * with the results before the commit, so records a caller keeps beside the ledger in the same
   * database share the transaction and its fsync (see {@link AlongsideWrite}).
   */
  createTransfers(
    batch: readonly TransferInput[],
    alongside?: AlongsideWrite,
  ): Promise<TransferResult[]>;
  lookupAccounts(ids: readonly string[]): Promise<Account[]>;
  lookupTransfers(ids: readonly string[]): Promise<Transfer[]>;
  lookupPending(ids: readonly string[]): Promise<PendingState[]>;
  /** Successful transfers touching one account, newest first. */
  accountTransfers(query: HistoryQuery): Promise<Transfer[]>;
  /** Voids every pending transfer whose timeout has passed on the clock (at most `limit`). */
  expirePending(limit: number): Promise<ExpiredTransfer[]>;
  /** Every account, for invariant checks and settlement reports. */
  allAccounts(): Promise<Account[]>;
  close(): Promise<void>;
}
