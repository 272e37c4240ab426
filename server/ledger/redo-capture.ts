// Captures every write the server makes on its database into the redo log's next record
// (redo-record.ts): a write statement's SQL and values once it has run without error, and db.exec's
// SQL text (schema changes). Statements that could write without being captured (iterate/bind of
// a write statement) are refused.
//
// The database runs inside one long SQLite transaction that the log commits between records
// (redo-log.ts, at most every MEMORY_COMMIT_MS), so db.transaction(fn) runs fn as it is: a BEGIN and COMMIT, or a savepoint, per
// transaction cost more than the statements of most. A transaction that throws before it wrote
// anything has changed nothing; one that throws after writing cannot be undone alone, and is handed
// to the target's `abandon`, which rolls back and stops the log.
import type { SqliteDb, SqliteStatement } from './sqlite-db.ts';
import type { RedoRecordBuilder } from './redo-record.ts';
import { RedoLogError } from './redo-recovery.ts';

/** Where captured writes go, and the check each write passes first. */
export interface CaptureTarget {
  readonly builder: RedoRecordBuilder;
  /** Throws when writes are no longer accepted (the log failed). */
  refuseWrites(): void;
  /** A transaction threw after some of its writes ran. */
  abandon(error: unknown): void;
}

const TRANSACTION_VARIANTS = ['default', 'deferred', 'immediate', 'exclusive'] as const;

type Method = (this: SqliteStatement, ...args: unknown[]) => unknown;

/** Wraps `db.prepare`, `db.transaction` and `db.exec` so that writes reach `target`. */
export function captureWrites(db: SqliteDb, target: CaptureTarget): void {
  const { builder } = target;
  const prepare = db.prepare.bind(db);
  const wrapped = new WeakSet<SqliteStatement>();
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    if (statement.readonly || wrapped.has(statement) || /^\s*PRAGMA/i.test(source))
      return statement;
    wrapped.add(statement);
    const methods = statement as unknown as Record<string, Method>;
    for (const name of ['run', 'get', 'all'] as const) {
      const original = methods[name] as Method;
      methods[name] = function (...args) {
        target.refuseWrites();
        const result = original.apply(this, args);
        builder.capture(source, args);
        return result;
      };
    }
    for (const name of ['iterate', 'bind'] as const) {
      methods[name] = () => {
        throw new RedoLogError(`iterate/bind of a write statement cannot be recorded: ${source}`);
      };
    }
    return statement;
  }) as SqliteDb['prepare'];

  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const run = function (this: unknown, ...args: unknown[]) {
      const mark = builder.mark();
      try {
        return fn.apply(this, args);
      } catch (error) {
        if (builder.movedSince(mark)) target.abandon(error);
        throw error;
      }
    };
    for (const variant of TRANSACTION_VARIANTS) Object.defineProperty(run, variant, { value: run });
    Object.defineProperty(run, 'database', { value: db, enumerable: true });
    return run;
  }) as SqliteDb['transaction'];

  const exec = db.exec.bind(db);
  db.exec = ((sql: string) => {
    target.refuseWrites();
    exec(sql);
    builder.captureExec(sql);
    return db;
  }) as SqliteDb['exec'];
}
