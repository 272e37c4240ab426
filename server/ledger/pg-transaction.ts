// The PostgreSQL transaction a ledger batch is running, for the writes that go with it: a store
// that finds one here issues its statement on that connection, so the record commits (or rolls
// back) with the transfers, as on SQLite where both share the one connection.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PgClient } from './pg-db.ts';

const current = new AsyncLocalStorage<PgClient>();

/** Runs `write` with `client` as the current ledger transaction. */
export function inLedgerTransaction<T>(client: PgClient, write: () => T): T {
  return current.run(client, write);
}

/** The connection of the ledger transaction this code runs inside, if any. */
export function ledgerTransaction(): PgClient | undefined {
  return current.getStore();
}
