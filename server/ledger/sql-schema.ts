// Ledger tables in portable SQL (PostgreSQL's, which SQLite also accepts): accounts with their four
// derived balance counters, immutable transfers with their first result, and pending states. Both
// timestamps are indexed: the latest ledger time is read as two index lookups, not a table scan.
// SQLite keeps its transfers keyed by their timestamp instead (SQLITE_LEDGER_SCHEMA).

const ACCOUNTS: readonly string[] = [
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
  `CREATE INDEX IF NOT EXISTS ledger_accounts_timestamp ON ledger_accounts (timestamp)`,
];

const PENDING: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ledger_pending (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    expires_at BIGINT
  )`,
  `CREATE INDEX IF NOT EXISTS ledger_pending_due ON ledger_pending (status, expires_at)`,
];

/** Statements that create the ledger tables if they do not exist. */
export const LEDGER_SCHEMA: readonly string[] = [
  ACCOUNTS[0] as string,
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
  ACCOUNTS[1] as string,
  `CREATE INDEX IF NOT EXISTS ledger_transfers_debit ON ledger_transfers (debit_account_id, timestamp)`,
  `CREATE INDEX IF NOT EXISTS ledger_transfers_credit ON ledger_transfers (credit_account_id, timestamp)`,
  ...PENDING,
];

/**
 * SQLite's transfers table: the unique ledger timestamp is the rowid (INTEGER PRIMARY KEY), so rows
 * are appended in time order with no separate timestamp index, and each account index holds the
 * account and the rowid, the (account, timestamp) order the history walks. An insert updates four
 * B-trees instead of five. Files with the portable table are converted on open (sqlite-migrate.ts).
 */
export const SQLITE_TRANSFERS_TABLE = `CREATE TABLE IF NOT EXISTS ledger_transfers (
    timestamp INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    debit_account_id TEXT NOT NULL,
    credit_account_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    pending_id TEXT,
    timeout_seconds BIGINT NOT NULL,
    ledger TEXT NOT NULL,
    code INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    user_data TEXT,
    result TEXT NOT NULL
  )`;

/** Indexes of SQLite's transfers table (the rowid, the timestamp, ends each entry). */
export const SQLITE_TRANSFER_INDEXES: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS ledger_transfers_by_debit ON ledger_transfers (debit_account_id)',
  'CREATE INDEX IF NOT EXISTS ledger_transfers_by_credit ON ledger_transfers (credit_account_id)',
];

/** Statements that create the ledger tables of a SQLite file if they do not exist. */
export const SQLITE_LEDGER_SCHEMA: readonly string[] = [
  ...ACCOUNTS,
  SQLITE_TRANSFERS_TABLE,
  ...SQLITE_TRANSFER_INDEXES,
  ...PENDING,
];
