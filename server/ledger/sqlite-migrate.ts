// Converts a SQLite file written with the portable transfers table (text id as primary key, unique
// timestamp column) to SQLite's own, keyed by timestamp (sql-schema.ts): in one IMMEDIATE
// transaction, so a crash leaves either the old table or the new one, never both or neither.
import type { SqliteDb } from './sqlite-db.ts';
import { SQLITE_TRANSFER_INDEXES, SQLITE_TRANSFERS_TABLE } from './sql-schema.ts';

const COLUMNS =
  'timestamp, id, debit_account_id, credit_account_id, amount, pending_id, timeout_seconds, ' +
  'ledger, code, flags, user_data, result';

/** True when `ledger_transfers` exists and its timestamp is not the rowid. */
export function hasPortableTransfers(db: SqliteDb): boolean {
  const columns = db.pragma('table_info(ledger_transfers)') as { name: string; pk: unknown }[];
  const timestamp = columns.find((c) => c.name === 'timestamp');
  return timestamp !== undefined && Number(timestamp.pk) !== 1;
}

/** Rewrites an old transfers table in the SQLite layout; a no-op on new and converted files. */
export function migrateTransfers(db: SqliteDb): boolean {
  const convert = db.transaction(() => {
    if (!hasPortableTransfers(db)) return false;
    db.exec('DROP INDEX IF EXISTS ledger_transfers_debit');
    db.exec('DROP INDEX IF EXISTS ledger_transfers_credit');
    db.exec('ALTER TABLE ledger_transfers RENAME TO ledger_transfers_portable');
    db.exec(SQLITE_TRANSFERS_TABLE);
    db.exec(
      `INSERT INTO ledger_transfers (${COLUMNS}) ` +
        `SELECT ${COLUMNS} FROM ledger_transfers_portable ORDER BY timestamp`,
    );
    db.exec('DROP TABLE ledger_transfers_portable');
    for (const statement of SQLITE_TRANSFER_INDEXES) db.exec(statement);
    return true;
  });
  return convert.immediate();
}
