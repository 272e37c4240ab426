// Ledger tables in portable SQL (SQLite and PostgreSQL both accept it): accounts with their four
// derived balance counters, immutable transfers with their first result, and pending states. Both
// timestamps are indexed: the latest ledger time is read as two index lookups, not a table scan.

/** Statements that create the ledger tables if they do not exist. */
export const LEDGER_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ledger_accounts (
    id TEXT PRIMARY KEY,
    ledger TEXT NOT NULL,
    code INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    user_data TEXT,
    debits_pending BIGINT NOT NULL,
    debits_posted BIGINT NOT NULL,
    credits_pending BIGINT NOT NULL,
    credits_posted BIGINT NOT NULL,
    timestamp BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ledger_transfers (
    id TEXT PRIMARY KEY,
    debit_account_id TEXT NOT NULL,
    credit_account_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    pending_id TEXT,
    timeout_seconds BIGINT NOT NULL,
    ledger TEXT NOT NULL,
    code INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    user_data TEXT,
    timestamp BIGINT NOT NULL UNIQUE,
    result TEXT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS ledger_accounts_timestamp ON ledger_accounts (timestamp)`,
  `CREATE INDEX IF NOT EXISTS ledger_transfers_debit ON ledger_transfers (debit_account_id, timestamp)`,
  `CREATE INDEX IF NOT EXISTS ledger_transfers_credit ON ledger_transfers (credit_account_id, timestamp)`,
  `CREATE TABLE IF NOT EXISTS ledger_pending (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    expires_at BIGINT
  )`,
  `CREATE INDEX IF NOT EXISTS ledger_pending_due ON ledger_pending (status, expires_at)`,
];
