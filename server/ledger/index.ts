// The ledger's public surface: money parsing, records, the Ledger port and its two stores.
export * from './money.ts';
export * from './types.ts';
export type { Clock, Ledger } from './ledger.ts';
export { systemClock } from './ledger.ts';
export { availableCredit } from './accounts.ts';
export { MemoryLedger } from './memory-ledger.ts';
export { SqliteLedger } from './sqlite-ledger.ts';
export { openSqlite, type SqliteDb } from './sqlite-db.ts';
export { GroupCommitLedger } from './group-commit.ts';
