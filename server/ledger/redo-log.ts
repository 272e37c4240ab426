// The redo log of the server's SQLite database. A SQLite commit writes every page a payment
// touched to the WAL, and holds up whoever waits on it: committing each group of payments cost
// more than the payments, and committing every few seconds held up the event loop for 15-35 ms.
// So the server's statements run on an in-memory copy of the file (sqlite-memory-copy.ts), and
// what makes a write durable is its statement, recorded (redo-capture.ts, redo-record.ts) and
// appended to FILE-redo0 or FILE-redo1 with one synchronous write per flush (redo-file.ts), before
// any reply that depends on it leaves the process (ServerCore.durable).
//
// Each record on stable storage then goes to a worker thread (redo-applier.ts), which replays it
// on the file inside one long SQLite transaction. Every REDO_COMMIT_MS the log asks that
// transaction to commit, with the number of the last record it holds (table simpay_redo), and
// moves appends to the other file; the first is emptied once that commit is on stable storage.
// Opening the file (openSqlite) replays, in one transaction, the records after the stored number,
// so a crash at any point loses nothing that was acknowledged: an unfinished record at a file's
// end was never acknowledged and fails its length or CRC check.
//
// Every write must be a prepared statement or db.exec (schema changes); the statements must be
// deterministic on the same database (no random(), no clock), which replay relies on. The file
// holds the state of the worker's last commit (at most REDO_COMMIT_MS old) until the server stops.
import type { SqliteDb, SqliteStatement } from './sqlite-db.ts';
import { RedoRecordBuilder } from './redo-record.ts';
import { captureWrites } from './redo-capture.ts';
import { RedoLogError, redoPaths } from './redo-recovery.ts';
import { ApplierThread } from './redo-applier-thread.ts';
import { RedoFile } from './redo-file.ts';
import { copyIntoMemory } from './sqlite-memory-copy.ts';

/** How often the file's SQLite transaction commits (and the redo log is emptied behind it). */
export const REDO_COMMIT_MS = 5000;

/** Recorded bytes after which the file's SQLite transaction commits before the timer. */
export const REDO_COMMIT_BYTES = 32 << 20;

/**
 * How often the in-memory database's long transaction commits (ms), at a record's seal. Each commit
 * ends the in-memory journal, and the next transaction copies every page it touches into a new
 * one: committing at every record cost 5-10 us of the event loop per payment at 50 per record, and
 * every 100 ms still 4-6 us at full load (the index pages a payment touches are spread over the
 * whole file, so most are copied again in each period). The journal holds at most the pages
 * touched in one period; a transaction that fails half-way rolls back to the last commit and
 * stops the log (see abandon).
 */
const MEMORY_COMMIT_MS = 1000;

/** Flushed records go to the applier at least this often (ms), or once this many bytes wait. */
const APPLY_MS = 20;
const APPLY_BYTES = 1 << 20;

/** When the file's SQLite transaction commits. */
export interface RedoLogOptions {
  /** Every so many ms (default {@link REDO_COMMIT_MS}). */
  readonly commitMs?: number;
  /** After so many bytes of records (default {@link REDO_COMMIT_BYTES}). */
  readonly commitBytes?: number;
}

interface Waiter {
  readonly seq: bigint;
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

/** The redo log of one database file and the in-memory database the server uses; see above. */
export class RedoLog {
  private readonly builder = new RedoRecordBuilder();
  private readonly files: readonly [RedoFile, RedoFile];
  private current = 0;
  /** The file waiting to be emptied behind the file's SQLite commit (its index), if any. */
  private draining: number | undefined;
  /** Set once that commit is on stable storage. */
  private drainReady = false;
  private active = true;
  private failure: Error | undefined;
  private nextSeq: bigint;
  /** Highest record sealed (queued for writing), on stable storage, and in the file's commit. */
  private sealedSeq: bigint;
  private syncedSeq: bigint;
  private committedSeq: bigint;
  /** A commit asked for, sent to the worker once its records are on stable storage. */
  private commitTarget: bigint | undefined;
  private committing: Promise<void> | undefined;
  private readonly queue: { seq: bigint; bytes: Buffer }[] = [];
  private writing: { file: number } | undefined;
  private waiters: Waiter[] = [];
  private readonly timer: NodeJS.Timeout;
  private bytesSinceCommit = 0;
  /** The in-memory database's long transaction (see redo-capture.ts). */
  private readonly begin: SqliteStatement;
  private readonly commitMemory: SqliteStatement;
  private readonly rollbackMemory: SqliteStatement;
  private lastMemoryCommit = 0;
  /** Records on stable storage not yet sent to the applier, sent together every APPLY_MS. */
  private unsent: Buffer[] = [];
  private unsentBytes = 0;
  private sendTimer: NodeJS.Timeout | undefined;
  private reportFailure: (error: Error) => void = () => undefined;
  private readonly failedSignal = new Promise<Error>((resolve) => (this.reportFailure = resolve));

  private constructor(
    /** The in-memory database every statement of the server runs on. */
    readonly db: SqliteDb,
    private readonly file: string,
    private readonly options: RedoLogOptions,
    private readonly applier: ApplierThread,
  ) {
    this.nextSeq = applier.applied + 1n;
    this.sealedSeq = this.syncedSeq = this.committedSeq = applier.applied;
    const [a, b] = redoPaths(file);
    this.files = [RedoFile.open(a), RedoFile.open(b)];
    this.begin = db.prepare('BEGIN');
    this.commitMemory = db.prepare('COMMIT');
    this.rollbackMemory = db.prepare('ROLLBACK');
    captureWrites(db, {
      builder: this.builder,
      refuseWrites: () => {
        if (this.failure) throw this.failure;
        if (!this.active) throw new RedoLogError(`the redo log of ${this.file} is closed`);
      },
      abandon: (error) => this.abandon(error),
    });
    this.begin.run();
    applier.onFailure((error) => this.fail(error));
    this.timer = setInterval(() => this.commit(), options.commitMs ?? REDO_COMMIT_MS);
    this.timer.unref();
  }

  /**
   * Opens the database `file` with its redo log: replays what an earlier server left in the log,
   * takes the file's write lock (on the applier thread), copies the file into memory and records
   * every write from here on. Throws {@link RedoLogError} when another process holds the file, or
   * its log cannot be replayed or holds records the file does not have yet.
   */
  static async open(file: string, options: RedoLogOptions = {}): Promise<RedoLog> {
    if (file === '' || file === ':memory:')
      throw new RedoLogError('a redo log needs a database file');
    const applier = await ApplierThread.start(file);
    let db: SqliteDb | undefined;
    try {
      db = copyIntoMemory(file);
      const log = new RedoLog(db, file, options, applier);
      logs.set(db, log);
      return log;
    } catch (error) {
      db?.close();
      await applier.close();
      throw error;
    }
  }

  /** True until {@link close}. */
  get recording(): boolean {
    return this.active;
  }

  /**
   * Resolves with the reason once the log fails (a write or sync of the redo files, the applier,
   * or a transaction that threw half-way): from then on every write is refused, and only a
   * restart, which replays the log, brings the database back. Never resolves otherwise.
   */
  get failed(): Promise<Error> {
    return this.failedSignal;
  }

  /**
   * Undefined when every write made so far is on stable storage; otherwise a promise that
   * resolves once it is (rejects if the log failed).
   */
  durable(): Promise<void> | undefined {
    if (this.failure) return failedWait(this.failure);
    const target = this.builder.empty ? this.sealedSeq : this.sealedSeq + 1n;
    if (target <= this.syncedSeq) return undefined;
    const last = this.waiters[this.waiters.length - 1];
    if (last?.seq === target) return last.promise;
    const waiter = { seq: target } as { -readonly [K in keyof Waiter]: Waiter[K] };
    waiter.promise = new Promise<void>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
    });
    waiter.promise.catch(() => undefined); // see failedWait
    this.waiters.push(waiter);
    if (!this.writing) this.pump();
    return waiter.promise;
  }

  /**
   * Makes everything durable, commits it to the file, empties the log and stops recording (the
   * in-memory database stays open for reads; the caller closes it).
   */
  async close(): Promise<void> {
    if (!this.active) return;
    clearInterval(this.timer);
    await this.durable()?.catch(() => undefined);
    await this.writeDone();
    this.active = false;
    await this.committing?.catch(() => undefined);
    if (!this.failure) {
      this.sendRecords();
      this.commitTarget = undefined;
      if (this.sealedSeq > this.committedSeq)
        this.committedSeq = await this.applier.commit(this.sealedSeq);
      for (const f of this.files) f.clear();
    }
    for (const f of this.files) f.close();
    await this.applier.close();
    if (this.db.open && this.db.inTransaction) this.commitMemory.run();
    logs.delete(this.db);
  }

  /**
   * Stops at once without committing to the file, as a crash would: what is durable stays in the
   * redo log for the next open to replay; what is not is lost (it was never acknowledged).
   */
  async abort(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    clearInterval(this.timer);
    clearTimeout(this.sendTimer);
    await this.writeDone();
    await this.applier.close();
    for (const f of this.files) f.close();
    logs.delete(this.db);
  }

  /**
   * Asks the file's SQLite transaction to commit what was recorded so far, and moves appends to
   * the other file, which must have been emptied by then (if not, this waits for the next turn of
   * the timer). The timer calls this every `commitMs`.
   */
  commit(): void {
    if (!this.active || this.failure) return;
    if (this.draining !== undefined || this.commitTarget !== undefined) return;
    this.seal();
    if (this.sealedSeq === this.committedSeq) return;
    this.bytesSinceCommit = 0;
    this.draining = this.current;
    this.current = 1 - this.current;
    this.commitTarget = this.sealedSeq;
    if (!this.writing) this.pump();
    this.sendCommit();
  }

  /** Resolves once no write of records is under way. */
  private async writeDone(): Promise<void> {
    while (this.writing) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  /** Sends the commit asked for once every record it holds is on stable storage (and sent). */
  private sendCommit(): void {
    const upTo = this.commitTarget;
    if (upTo === undefined || this.syncedSeq < upTo || this.committing) return;
    this.commitTarget = undefined;
    this.sendRecords();
    this.committing = this.applier.commit(upTo).then(
      (committed) => {
        this.committing = undefined;
        this.committedSeq = committed;
        this.drainReady = true;
        this.drain();
      },
      (error: Error) => {
        this.committing = undefined;
        this.fail(error);
      },
    );
  }

  /** Seals what was captured into the next record and queues it for writing. */
  private seal(): void {
    if (this.builder.empty) return;
    const seq = this.nextSeq;
    this.nextSeq += 1n;
    const bytes = this.builder.seal(seq);
    const now = performance.now();
    if (now - this.lastMemoryCommit >= MEMORY_COMMIT_MS) {
      this.lastMemoryCommit = now;
      this.commitMemory.run();
      this.begin.run();
    }
    this.bytesSinceCommit += bytes.length;
    this.sealedSeq = seq;
    this.queue.push({ seq, bytes });
  }

  /** Writes and syncs one batch of queued records, then the next, while anyone waits. */
  private pump(): void {
    if (this.writing || this.failure) return;
    if (this.waiters.length > 0) this.seal();
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.queue.length);
    const bytes =
      batch.length === 1 ? (batch[0]?.bytes as Buffer) : Buffer.concat(batch.map((r) => r.bytes));
    const upTo = (batch[batch.length - 1] as { seq: bigint }).seq;
    const file = this.current;
    this.writing = { file };
    (this.files[file] as RedoFile).append(bytes, (error) => {
      if (error) return this.ioFailed(error);
      this.writing = undefined;
      this.syncedSeq = upTo;
      this.queueForApplier(bytes);
      this.release();
      if (this.drainReady) this.drain();
      this.sendCommit();
      if (this.bytesSinceCommit >= (this.options.commitBytes ?? REDO_COMMIT_BYTES)) this.commit();
      this.pump();
    });
  }

  /** Sends flushed records to the applier in batches: one message per flush cost the event loop more. */
  private queueForApplier(bytes: Buffer): void {
    this.unsent.push(bytes);
    this.unsentBytes += bytes.length;
    if (this.unsentBytes >= APPLY_BYTES) this.sendRecords();
    else this.sendTimer ??= setTimeout(() => this.sendRecords(), APPLY_MS);
  }

  private sendRecords(): void {
    clearTimeout(this.sendTimer);
    this.sendTimer = undefined;
    if (this.unsent.length === 0) return;
    this.applier.send(
      this.unsent.length === 1 ? (this.unsent[0] as Buffer) : Buffer.concat(this.unsent),
    );
    this.unsent = [];
    this.unsentBytes = 0;
  }

  /**
   * A transaction function threw after some of its writes ran. Inside the long transaction they
   * cannot be undone alone, so it is rolled back and the log stops. The rollback also undoes the
   * records sealed since the last memory commit, some perhaps acknowledged; nothing more leaves
   * the server (every reply waits on durable(), which now fails), the server stops on `failed`,
   * and the next start replays every record on stable storage.
   */
  private abandon(error: unknown): void {
    try {
      if (this.db.inTransaction) this.rollbackMemory.run();
    } catch {
      // The connection is unusable either way; the failure below stops all writes.
    }
    this.fail(
      new RedoLogError(
        `a transaction failed half-way (${(error as Error).message}); restart the server to replay the redo log`,
      ),
    );
  }

  private release(): void {
    let done = 0;
    while (done < this.waiters.length && (this.waiters[done] as Waiter).seq <= this.syncedSeq)
      (this.waiters[done++] as Waiter).resolve();
    if (done > 0) this.waiters.splice(0, done);
  }

  /** Empties the file behind the last commit once nothing is being written to it. */
  private drain(): void {
    const file = this.draining;
    if (!this.active || file === undefined || this.writing?.file === file) return;
    try {
      (this.files[file] as RedoFile).clear();
    } catch (error) {
      return this.ioFailed(error as Error);
    }
    this.draining = undefined;
    this.drainReady = false;
  }

  private ioFailed(error: Error): void {
    this.writing = undefined;
    this.fail(new RedoLogError(`cannot write the redo log of ${this.file}: ${error.message}`));
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    clearInterval(this.timer);
    clearTimeout(this.sendTimer);
    for (const w of this.waiters) w.reject(error);
    this.waiters = [];
    this.reportFailure(error);
  }
}

/**
 * A wait that failed with `error`. Whoever awaits it sees the rejection; one dropped unawaited (a
 * reply to a connection already closing) must not end the process, since the failure is reported
 * once, through `failed`.
 */
function failedWait(error: Error): Promise<void> {
  const wait = Promise.reject(error);
  wait.catch(() => undefined);
  return wait;
}

const logs = new WeakMap<SqliteDb, RedoLog>();

/** The redo log whose in-memory database is `db`, if any. */
export function redoLogOf(db: SqliteDb): RedoLog | undefined {
  return logs.get(db);
}
