// Loads everything a batch may touch through a synchronous record reader, in the two steps the
// engine needs: transfers (and the pending ones they close) first, then their accounts. A pending
// state is written with its transfer, so only the states of transfers found are looked up.
import { accountIdsToLoad, transferIdsToLoad } from './engine.ts';
import type { Snapshot } from './working-set.ts';
import type { Account, PendingState, Transfer, TransferInput } from './types.ts';

/** Point reads a ledger store offers inside its transaction. */
export interface RecordReader {
  account(id: string): Account | undefined;
  transfer(id: string): Transfer | undefined;
  pending(id: string): PendingState | undefined;
}

function fill<T>(ids: Iterable<string>, read: (id: string) => T | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const id of ids) {
    const value = read(id);
    if (value !== undefined) map.set(id, value);
  }
  return map;
}

/** The snapshot for a transfer batch. */
export function snapshotForTransfers(
  reader: RecordReader,
  batch: readonly TransferInput[],
): Snapshot {
  const transferIds = transferIdsToLoad(batch);
  const transfers = fill(transferIds, (id) => reader.transfer(id));
  const pending = fill(transfers.keys(), (id) => reader.pending(id));
  const partial: Snapshot = { accounts: new Map(), transfers, pending };
  const accounts = fill(accountIdsToLoad(batch, partial), (id) => reader.account(id));
  return { accounts, transfers, pending };
}

/** The snapshot for expiring pending transfers `ids`. */
export function snapshotForExpiry(reader: RecordReader, ids: readonly string[]): Snapshot {
  const transfers = fill(ids, (id) => reader.transfer(id));
  const pending = fill(transfers.keys(), (id) => reader.pending(id));
  const accountIds = [...transfers.values()].flatMap((t) => [t.debitAccountId, t.creditAccountId]);
  return { accounts: fill(accountIds, (id) => reader.account(id)), transfers, pending };
}
