// Recovery of the SQLite server database's redo log (redo-log.ts): the two redo files of a
// database, the table holding the number of the last record its SQLite commit contains, and the
// replay openSqlite runs of the records after it.
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import type { SqliteDb, SqliteStatement } from './sqlite-db.ts';
import { decodeRedoFile, type RedoRecord } from './redo-record.ts';

/** The redo files of a database file. */
export function redoPaths(file: string): readonly [string, string] {
  return [`${file}-redo0`, `${file}-redo1`];
}

/** A redo log that cannot be replayed, or a log that failed while the server ran. */
export class RedoLogError extends Error {
  override readonly name = 'RedoLogError';
}

export const REDO_TABLE =
  'CREATE TABLE IF NOT EXISTS simpay_redo (id INTEGER PRIMARY KEY CHECK (id = 0), seq INTEGER NOT NULL)';
const READ_APPLIED = 'SELECT seq FROM simpay_redo WHERE id = 0';
export const WRITE_APPLIED =
  'INSERT INTO simpay_redo (id, seq) VALUES (0, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq';

/** The raw better-sqlite3 prepare (not a capturing one). */
export type Prepare = (source: string) => SqliteStatement;

export function appliedSeq(prepare: Prepare): bigint {
  const row = prepare(READ_APPLIED).get() as { seq: bigint | number } | undefined;
  return row ? BigInt(row.seq) : 0n;
}

export function readRecords(path: string): RedoRecord[] {
  if (!existsSync(path)) return [];
  return decodeRedoFile(readFileSync(path));
}

/**
 * Runs the statements of one record on `db` (inside the caller's transaction). Throws
 * {@link RedoLogError} naming the record and statement that fails, `where` first.
 */
export function replayRecord(db: SqliteDb, record: RedoRecord, where: string): void {
  for (const [i, s] of record.statements.entries()) {
    try {
      if (s.exec) db.exec(s.sql);
      else db.prepare(s.sql).run(...s.values);
    } catch (error) {
      throw new RedoLogError(
        `${where}: record ${record.seq}, statement ${i + 1} does not replay: ${(error as Error).message}`,
      );
    }
  }
}

/**
 * Replays the records of `file`'s redo log that its last SQLite commit does not contain, then
 * empties the log. Returns the number of records replayed. A database whose write lock another
 * connection holds (a running server, which owns its log) is left as it is. Throws
 * {@link RedoLogError} for a log that has a record missing or does not replay.
 */
export function recoverRedoLog(db: SqliteDb, file: string): number {
  const paths = redoPaths(file);
  const records = paths.flatMap(readRecords);
  if (records.length === 0) return 0;
  const prepare: Prepare = (source) => db.prepare(source);
  const hasTable = prepare(
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'simpay_redo'",
  ).get();
  if (hasTable && !records.some((r) => r.seq > appliedSeq(prepare))) return 0;
  const timeout = db.pragma('busy_timeout', { simple: true });
  db.pragma('busy_timeout = 100');
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return 0;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  let replayed = 0;
  try {
    db.exec(REDO_TABLE);
    const applied = appliedSeq(prepare);
    const pending = records.filter((r) => r.seq > applied).sort((a, b) => (a.seq < b.seq ? -1 : 1));
    let expected = applied + 1n;
    for (const record of pending) {
      if (record.seq !== expected)
        throw new RedoLogError(
          `redo log of ${file}: record ${expected} is missing (next found: ${record.seq}); the database cannot be brought up to date`,
        );
      replayRecord(db, record, `redo log of ${file}`);
      expected += 1n;
      replayed += 1;
    }
    if (replayed > 0) prepare(WRITE_APPLIED).run(expected - 1n);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  for (const path of paths) if (existsSync(path)) truncateSync(path, 0);
  return replayed;
}
