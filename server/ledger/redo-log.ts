// The redo log of the server's SQLite database. Committing every group of payments to SQLite
// writes each page a payment touched to the WAL (two pwrite calls per page), so a durable commit
// cost more than the payment itself. With the redo log the server keeps one SQLite transaction
// open and commits it every REDO_COMMIT_MS; what makes a write durable is its statement, recorded
// (redo-record.ts) and appended to FILE-redo0 or FILE-redo1 with one write and one fdatasync per
// flush, before any reply that depends on it leaves the process (ServerCore.durable).
//
// Each SQLite commit also stores the number of the last record it contains (table simpay_redo),
// then appends go to the other file; the first file is emptied once the WAL holding that commit is
// on stable storage. Opening the database (openSqlite) replays, in one transaction, the records
// after the stored number, so a crash at any point loses nothing that was acknowledged: an
// unfinished record at a file's end was never acknowledged and fails its length or CRC check.
//
// Every write while the log is active must be a prepared statement (captured on success with its
// values; a rolled-back transaction's statements are dropped); db.exec is refused. The statements
// must be deterministic on the same database (no random(), no clock), which replay relies on.
import { closeSync, fdatasync, ftruncateSync, openSync, write } from 'node:fs';
import type { SqliteDb, SqliteStatement } from './sqlite-db.ts';
import { RedoRecordBuilder } from './redo-record.ts';
import {
  appliedSeq,
  readRecords,
  REDO_TABLE,
  RedoLogError,
  redoPaths,
  WRITE_APPLIED,
  type Prepare,
} from './redo-recovery.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import { WalSync } from './wal-sync.ts';

/** How often the open SQLite transaction is committed (and the redo log emptied behind it). */
export const REDO_COMMIT_MS = 5000;

/** Captured bytes after which the SQLite transaction commits before the timer. */
export const REDO_COMMIT_BYTES = 32 << 20;

/** When the open SQLite transaction commits. */
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

/** The redo log of one open database; see the file comment. */
export class RedoLog {
  private readonly builder = new RedoRecordBuilder();
  private readonly prepareRaw: Prepare;
  private readonly execRaw: (sql: string) => void;
  private readonly wal: WalSync;
  private readonly fds: [number, number] = [-1, -1];
  private current = 0;
  /** The file waiting to be emptied behind a SQLite commit (its index), if any. */
  private draining: number | undefined;
  /** Set once the WAL holding that commit is on stable storage. */
  private drainReady = false;
  private active = false;
  private failure: Error | undefined;
  private nextSeq = 1n;
  /** Highest record sealed (queued for writing) and highest on stable storage. */
  private sealedSeq = 0n;
  private syncedSeq = 0n;
  private readonly queue: { seq: bigint; bytes: Buffer }[] = [];
  private writing: { file: number } | undefined;
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checkpointer: WalCheckpointer | undefined;
  private bytesSinceCommit = 0;
  private statements!: {
    begin: SqliteStatement;
    commit: SqliteStatement;
    writeApplied: SqliteStatement;
  };

  private constructor(
    private readonly db: SqliteDb,
    private readonly file: string,
    private readonly options: RedoLogOptions,
  ) {
    this.prepareRaw = db.prepare.bind(db);
    this.execRaw = db.exec.bind(db);
    this.wal = new WalSync(`${file}-wal`);
    this.capturePrepares();
  }

  /**
   * Attaches a redo log to a file database opened by openSqlite (which replayed any earlier log).
   * Statements prepared from now on are captured once {@link start} runs.
   */
  static attach(db: SqliteDb, options: RedoLogOptions = {}): RedoLog {
    if (db.memory || db.name === '' || db.name === ':memory:')
      throw new RedoLogError('a redo log needs a database file');
    if (logs.has(db)) throw new RedoLogError(`${db.name} already has a redo log`);
    const log = new RedoLog(db, db.name, options);
    logs.set(db, log);
    return log;
  }

  /** True once writes are recorded (after {@link start}, until {@link close}). */
  get recording(): boolean {
    return this.active;
  }

  /**
   * Takes the database's write lock with the long SQLite transaction, opens the log files and
   * records writes from here on. Refuses (RedoLogError) when the files hold records the database
   * does not have yet: another process had the file open when it was opened here.
   */
  start(): void {
    if (this.active) return;
    this.execRaw(REDO_TABLE);
    this.statements = {
      begin: this.prepareRaw('BEGIN IMMEDIATE'),
      commit: this.prepareRaw('COMMIT'),
      writeApplied: this.prepareRaw(WRITE_APPLIED),
    };
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('wal_autocheckpoint = 0');
    this.statements.begin.run();
    const applied = appliedSeq(this.prepareRaw);
    if (
      redoPaths(this.file)
        .flatMap(readRecords)
        .some((r) => r.seq > applied)
    ) {
      this.prepareRaw('ROLLBACK').run();
      throw new RedoLogError(
        `${this.file}: its redo log holds writes the database does not have yet (another process had it open); open it again to replay them`,
      );
    }
    this.nextSeq = applied + 1n;
    this.sealedSeq = this.syncedSeq = applied;
    const [a, b] = redoPaths(this.file);
    this.fds[0] = openSync(a, 'a');
    this.fds[1] = openSync(b, 'a');
    ftruncateSync(this.fds[0], 0);
    ftruncateSync(this.fds[1], 0);
    this.checkpointer = new WalCheckpointer(this.file, (result) => {
      if (result instanceof Error) this.fail(new RedoLogError(result.message));
    });
    this.active = true;
    this.timer = setInterval(() => this.commitSqlite(), this.options.commitMs ?? REDO_COMMIT_MS);
    this.timer.unref();
  }

  /**
   * Undefined when every write made so far is on stable storage; otherwise a promise that
   * resolves once it is (rejects if the log failed).
   */
  durable(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.active) return undefined;
    if (!this.db.inTransaction)
      this.fail(new RedoLogError('SQLite ended the server transaction on its own (see the log)'));
    if (this.failure) return Promise.reject(this.failure);
    const target = this.builder.empty ? this.sealedSeq : this.sealedSeq + 1n;
    if (target <= this.syncedSeq) return undefined;
    const last = this.waiters[this.waiters.length - 1];
    if (last?.seq === target) return last.promise;
    const waiter = { seq: target } as { -readonly [K in keyof Waiter]: Waiter[K] };
    waiter.promise = new Promise<void>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
    });
    this.waiters.push(waiter);
    if (!this.writing) this.pump();
    return waiter.promise;
  }

  /** Commits everything to SQLite on stable storage, empties the log and stops recording. */
  async close(): Promise<void> {
    if (!this.active) return;
    clearInterval(this.timer);
    await this.durable()?.catch(() => undefined);
    while (this.writing) await new Promise((resolve) => setTimeout(resolve, 1));
    this.active = false;
    if (!this.failure && this.db.inTransaction) {
      this.statements.writeApplied.run(this.sealedSeq);
      this.statements.commit.run();
      await this.wal.flush();
      for (const fd of this.fds) ftruncateSync(fd, 0);
    }
    for (const fd of this.fds) closeSync(fd);
    await this.checkpointer?.close();
    logs.delete(this.db);
  }

  /** Records one successful write statement (called by the capturing wrappers). */
  private capture(sql: string, values: readonly unknown[]): void {
    if (this.failure) throw this.failure;
    this.builder.capture(sql, values);
  }

  private capturePrepares(): void {
    const record = (source: string, args: unknown[]) => {
      if (this.active) this.capture(source, args);
    };
    const active = () => this.active;
    const refuseAfterFailure = () => {
      if (this.active && this.failure) throw this.failure;
    };
    const builder = this.builder;
    const wrapped = new WeakSet<SqliteStatement>();
    const prepare = this.prepareRaw;
    const db = this.db;
    db.prepare = ((source: string) => {
      const statement = prepare(source);
      if (!statement.readonly && !wrapped.has(statement) && !/^\s*PRAGMA/i.test(source)) {
        wrapped.add(statement);
        for (const method of ['run', 'get', 'all'] as const) {
          const original = statement[method] as (...args: unknown[]) => unknown;
          (statement as unknown as Record<string, unknown>)[method] = function (
            this: SqliteStatement,
            ...args: unknown[]
          ) {
            refuseAfterFailure();
            const result = original.apply(this, args);
            record(source, args);
            return result;
          };
        }
        const refuse = () => {
          if (active())
            throw new RedoLogError(
              `iterate/bind of a write statement cannot be recorded: ${source}`,
            );
        };
        for (const method of ['iterate', 'bind'] as const) {
          const original = statement[method] as (...args: unknown[]) => unknown;
          (statement as unknown as Record<string, unknown>)[method] = function (
            this: SqliteStatement,
            ...args: unknown[]
          ) {
            refuse();
            return original.apply(this, args);
          };
        }
      }
      return statement;
    }) as SqliteDb['prepare'];
    const transaction = db.transaction.bind(db);
    const abandon = (error: unknown) => this.abandon(error);
    db.transaction = ((fn: (...args: unknown[]) => unknown) => {
      const inSqlite = transaction(fn);
      const run = function (this: unknown, ...args: unknown[]) {
        if (!active()) return inSqlite.apply(this, args);
        const mark = builder.mark();
        try {
          return fn.apply(this, args);
        } catch (error) {
          if (builder.movedSince(mark)) abandon(error);
          throw error;
        }
      };
      for (const variant of ['default', 'deferred', 'immediate', 'exclusive'])
        Object.defineProperty(run, variant, { value: run });
      Object.defineProperty(run, 'database', { value: db, enumerable: true });
      return run;
    }) as SqliteDb['transaction'];
    const exec = this.execRaw;
    db.exec = ((sql: string) => {
      if (active()) throw new RedoLogError(`db.exec cannot be recorded in the redo log: ${sql}`);
      exec(sql);
      return db;
    }) as SqliteDb['exec'];
  }

  /** Seals what was captured into the next record and queues it for writing. */
  private seal(): void {
    if (this.builder.empty) return;
    const seq = this.nextSeq;
    this.nextSeq += 1n;
    const bytes = this.builder.seal(seq);
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
    const fd = this.fds[file] as number;
    this.writing = { file };
    write(fd, bytes, 0, bytes.length, null, (error, written) => {
      if (error || written !== bytes.length)
        return this.ioFailed(
          error ?? new Error(`short write (${written} of ${bytes.length} bytes)`),
        );
      fdatasync(fd, (syncError) => {
        if (syncError) return this.ioFailed(syncError);
        this.writing = undefined;
        this.syncedSeq = upTo;
        this.release();
        if (this.drainReady) this.drain();
        if (this.bytesSinceCommit >= (this.options.commitBytes ?? REDO_COMMIT_BYTES))
          this.commitSqlite();
        this.pump();
      });
    });
  }

  private release(): void {
    let done = 0;
    while (done < this.waiters.length && (this.waiters[done] as Waiter).seq <= this.syncedSeq)
      (this.waiters[done++] as Waiter).resolve();
    if (done > 0) this.waiters.splice(0, done);
  }

  /** Empties the file behind the last SQLite commit once nothing is being written to it. */
  private drain(): void {
    const file = this.draining;
    if (!this.active || file === undefined || this.writing?.file === file) return;
    ftruncateSync(this.fds[file] as number, 0);
    this.draining = undefined;
    this.drainReady = false;
  }

  /**
   * Commits the SQLite transaction (with the number of the last record it contains) and begins the
   * next; appends move to the other file, which must have been emptied by then (if not, the commit
   * waits for the next turn of the timer). The timer calls this every `commitMs`.
   */
  commitSqlite(): void {
    if (!this.active || this.failure || this.draining !== undefined) return;
    if (!this.db.inTransaction) {
      this.fail(new RedoLogError('SQLite ended the server transaction on its own'));
      return;
    }
    this.seal();
    try {
      this.statements.writeApplied.run(this.sealedSeq);
      this.statements.commit.run();
      this.statements.begin.run();
    } catch (error) {
      this.fail(new RedoLogError(`SQLite commit failed: ${(error as Error).message}`));
      return;
    }
    this.bytesSinceCommit = 0;
    this.checkpointer?.request();
    const old = this.current;
    this.current = 1 - old;
    this.draining = old;
    this.wal.flush().then(
      () => {
        this.drainReady = true;
        this.drain();
      },
      (error: Error) => this.fail(new RedoLogError(error.message)),
    );
    if (!this.writing && this.queue.length > 0) this.pump();
  }

  /**
   * A transaction function threw after some of its writes ran. Inside the open SQLite transaction
   * they cannot be undone alone (no savepoint per transaction: each would copy every page it
   * touches), so the whole SQLite transaction is rolled back and the log stops: the writes already
   * acknowledged are in the redo log, and the next start replays them.
   */
  private abandon(error: unknown): void {
    try {
      if (this.db.inTransaction) this.prepareRaw('ROLLBACK').run();
    } catch {
      // The connection is unusable either way; the failure below stops all writes.
    }
    this.fail(
      new RedoLogError(
        `a transaction failed half-way (${(error as Error).message}); restart the server to replay the redo log`,
      ),
    );
  }

  private ioFailed(error: Error): void {
    this.writing = undefined;
    this.fail(new RedoLogError(`cannot write the redo log of ${this.file}: ${error.message}`));
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    clearInterval(this.timer);
    for (const w of this.waiters) w.reject(error);
    this.waiters = [];
  }
}

const logs = new WeakMap<SqliteDb, RedoLog>();

/** The redo log attached to `db`, if any. */
export function redoLogOf(db: SqliteDb): RedoLog | undefined {
  return logs.get(db);
}
