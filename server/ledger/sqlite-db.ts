// Opens the server's SQLite database for durable commits: WAL journal, synchronous=FULL (each
// commit is on disk before it is acknowledged), 64-bit integers read as bigint.
import Database from 'better-sqlite3';

/** A better-sqlite3 connection. */
export type SqliteDb = Database.Database;

/** Opens (creating if needed) the database at `file`; ':memory:' for tests. */
export function openSqlite(file: string): SqliteDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.defaultSafeIntegers(true);
  return db;
}
