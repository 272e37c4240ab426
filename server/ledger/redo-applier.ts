// Brings the server's SQLite file up to date from its redo log (redo-log.ts), on the worker thread
// of redo-applier-thread.ts. The server's own statements run on an in-memory copy
// (sqlite-memory-copy.ts); each record, once on stable storage, comes here and is replayed inside
// one long SQLite transaction on the file, which commits when the server asks (every few seconds):
// the commit, its fsync and the WAL checkpoint after it take the time of this thread, never of
// the event loop. The checkpoint runs before the next transaction begins, so that transaction reads
// the database file alone and its commit starts the WAL over (https://sqlite.org/wal.html), which
// keeps the WAL as small as one commit.
import { openSqlite, type SqliteDb } from './sqlite-db.ts';
import { decodeRedoFile } from './redo-record.ts';
import {
  appliedSeq,
  readRecords,
  REDO_TABLE,
  RedoLogError,
  redoPaths,
  replayRecord,
  WRITE_APPLIED,
} from './redo-recovery.ts';

/** The database file's write lock, held by one long transaction, and the records replayed in it. */
export class RedoApplier {
  private constructor(
    private readonly db: SqliteDb,
    private readonly file: string,
    private last: bigint,
  ) {}

  /**
   * Opens `file` (replaying what an earlier server left in its redo log), takes its write lock
   * and begins the transaction records are replayed in. Throws {@link RedoLogError} when another
   * process holds the lock, or when the redo files hold records the database does not have.
   */
  static open(file: string): RedoApplier {
    const db = openSqlite(file);
    try {
      db.pragma('busy_timeout = 200');
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        throw new RedoLogError(`${file} is in use by another process (is a server running on it?)`);
      }
      db.pragma('busy_timeout = 5000');
      db.pragma('wal_autocheckpoint = 0');
      db.exec(REDO_TABLE);
      const prepare = (sql: string) => db.prepare(sql);
      const applied = appliedSeq(prepare);
      if (
        redoPaths(file)
          .flatMap(readRecords)
          .some((r) => r.seq > applied)
      )
        throw new RedoLogError(
          `${file}: its redo log holds writes the database does not have yet (another process had it open); open it again to replay them`,
        );
      return new RedoApplier(db, file, applied);
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
      throw error;
    }
  }

  /** Number of the last record replayed. */
  get applied(): bigint {
    return this.last;
  }

  /** Replays the records in `bytes` (whole records, in order, following the last one). */
  apply(bytes: Uint8Array): void {
    for (const record of decodeRedoFile(bytes)) {
      if (record.seq !== this.last + 1n)
        throw new RedoLogError(
          `${this.file}: record ${record.seq} arrived after record ${this.last}; the database file is not brought up to date`,
        );
      replayRecord(this.db, record, `${this.file}`);
      this.last = record.seq;
    }
  }

  /**
   * Commits everything replayed so far, which must include record `atLeast`, with the number of
   * its last record (returned), fsyncs it, copies the WAL into the database and begins the next
   * transaction.
   */
  commit(atLeast: bigint): bigint {
    if (this.last < atLeast)
      throw new RedoLogError(
        `${this.file}: commit asked for record ${atLeast}, replayed up to ${this.last}`,
      );
    this.db.prepare(WRITE_APPLIED).run(this.last);
    this.db.exec('COMMIT');
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.db.exec('BEGIN IMMEDIATE');
    return this.last;
  }

  /** Ends the transaction (what it holds beyond the last commit is still in the redo log) and closes. */
  close(): void {
    if (!this.db.open) return;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }
}
