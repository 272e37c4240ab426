// The SQLite server database's redo log: writes acknowledged through it survive losing the open
// SQLite transaction (a crash), whichever of its two files holds them; a log that cannot bring the
// database up to date is refused in one line and left as it is.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RedoLog } from '../../../server/ledger/redo-log.ts';
import { RedoLogError, redoPaths } from '../../../server/ledger/redo-recovery.ts';
import { RedoRecordBuilder } from '../../../server/ledger/redo-record.ts';
import { openSqlite, type SqliteDb } from '../../../server/ledger/sqlite-db.ts';

const dirs: string[] = [];
const logs: RedoLog[] = [];
const dbs: SqliteDb[] = [];
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close().catch(() => undefined);
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function newFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'simpay-redo-'));
  dirs.push(dir);
  return join(dir, 'server.db');
}

function open(file: string): SqliteDb {
  const db = openSqlite(file);
  dbs.push(db);
  return db;
}

/** A database with table `t`, its redo log recording. */
function recording(file = newFile(), options = {}) {
  const db = open(file);
  db.exec('CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v INTEGER NOT NULL, b BLOB)');
  const log = RedoLog.attach(db, options);
  logs.push(log);
  log.start();
  return { file, db, log };
}

const put = (db: SqliteDb, k: string, v: number | bigint) =>
  db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(k, v);
const rows = (db: SqliteDb) =>
  db.prepare('SELECT k, v FROM t ORDER BY k').all() as { k: string; v: bigint }[];

/** Loses the open SQLite transaction as a crash would (closing rolls it back). */
function crash(db: SqliteDb): void {
  db.close();
}

describe('redo log', () => {
  it('brings back every durable write after the SQLite transaction is lost', async () => {
    const { file, db, log } = recording();
    put(db, 'a', 1);
    db.prepare('UPDATE t SET v = @v, b = @b WHERE k = @k').run({
      v: 5n,
      b: Buffer.from([1, 2]),
      k: 'a',
    });
    const returned = db.prepare('INSERT INTO t (k, v) VALUES (?, ?) RETURNING v').get('b', 2) as {
      v: bigint;
    };
    expect(returned.v).toBe(2n);
    db.transaction(() => put(db, 'c', 3))();
    await log.durable();
    crash(db);

    const plain = new (await import('better-sqlite3')).default(file);
    expect(plain.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    plain.close();

    const again = open(file);
    expect(rows(again)).toEqual([
      { k: 'a', v: 5n },
      { k: 'b', v: 2n },
      { k: 'c', v: 3n },
    ]);
    expect(again.prepare('SELECT b FROM t WHERE k = ?').get('a')).toEqual({
      b: Buffer.from([1, 2]),
    });
    for (const path of redoPaths(file)) expect(statSync(path).size).toBe(0);
  });

  it('answers at once when nothing waits, and shares one flush between callers', async () => {
    const { db, log } = recording();
    expect(log.durable()).toBeUndefined();
    put(db, 'a', 1);
    const first = log.durable();
    expect(log.durable()).toBe(first);
    await first;
    expect(log.durable()).toBeUndefined();
  });

  it('keeps recording after a transaction that threw before writing', async () => {
    const { file, db, log } = recording();
    put(db, 'a', 1);
    expect(() =>
      db.transaction(() => {
        throw new Error('refused before any write');
      })(),
    ).toThrow('refused before any write');
    put(db, 'b', 2);
    await log.durable();
    crash(db);
    expect(rows(open(file)).map((r) => r.k)).toEqual(['a', 'b']);
  });

  it('stops after a transaction that threw half-way; the restart replays what was durable', async () => {
    const { file, db, log } = recording();
    put(db, 'a', 1);
    await log.durable();
    expect(() =>
      db.transaction(() => {
        put(db, 'b', 2);
        put(db, 'a', 9);
      })(),
    ).toThrow(/UNIQUE/);
    await expect(log.durable()).rejects.toThrow(/half-way.*restart the server/);
    expect(() => put(db, 'c', 3)).toThrow(/half-way/);
    crash(db);
    expect(rows(open(file))).toEqual([{ k: 'a', v: 1n }]);
  });

  it('moves to the other file at each SQLite commit and empties the first behind it', async () => {
    const { file, db, log } = recording(newFile(), { commitMs: 60_000 });
    const [first, second] = redoPaths(file);
    put(db, 'a', 1);
    await log.durable();
    expect(statSync(first).size).toBeGreaterThan(0);
    log.commitSqlite();
    put(db, 'b', 2);
    await log.durable();
    expect(statSync(second).size).toBeGreaterThan(0);
    for (let i = 0; i < 200 && statSync(first).size > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(statSync(first).size).toBe(0);
    log.commitSqlite();
    put(db, 'c', 3);
    await log.durable();
    crash(db);
    expect(rows(open(file)).map((r) => r.k)).toEqual(['a', 'b', 'c']);
  });

  it('commits everything and empties both files on close', async () => {
    const { file, db, log } = recording();
    put(db, 'a', 1);
    await log.close();
    for (const path of redoPaths(file)) expect(statSync(path).size).toBe(0);
    db.close();
    expect(rows(open(file))).toEqual([{ k: 'a', v: 1n }]);
  });

  it('refuses db.exec while recording', () => {
    const { db } = recording();
    expect(() => db.exec("INSERT INTO t (k, v) VALUES ('x', 1)")).toThrow(RedoLogError);
  });

  it('leaves the log to the server that holds the database and shows its committed state', async () => {
    const { file, db, log } = recording();
    put(db, 'a', 1);
    await log.durable();
    const reader = open(file);
    expect(rows(reader)).toEqual([]);
    expect(statSync(redoPaths(file)[0]).size).toBeGreaterThan(0);
  });
});

describe('redo log recovery', () => {
  function logWith(
    file: string,
    seqs: readonly bigint[],
    sql = 'INSERT INTO t (k, v) VALUES (?, ?)',
  ) {
    const db = open(file);
    db.exec('CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v INTEGER NOT NULL, b BLOB)');
    db.close();
    const builder = new RedoRecordBuilder();
    const bytes = seqs.map((seq) => {
      builder.capture(sql, [`k${seq}`, Number(seq)]);
      return builder.seal(seq);
    });
    writeFileSync(redoPaths(file)[0], Buffer.concat(bytes));
  }

  it('replays records in order across both files', () => {
    const file = newFile();
    logWith(file, [1n, 3n]);
    const builder = new RedoRecordBuilder();
    builder.capture('INSERT INTO t (k, v) VALUES (?, ?)', ['k2', 2]);
    writeFileSync(redoPaths(file)[1], builder.seal(2n));
    expect(rows(open(file)).map((r) => r.k)).toEqual(['k1', 'k2', 'k3']);
  });

  it('refuses a log with a missing record and leaves it untouched', () => {
    const file = newFile();
    logWith(file, [1n, 3n]);
    const before = readFileSync(redoPaths(file)[0]);
    expect(() => openSqlite(file)).toThrow(
      /redo log of .*server\.db: record 2 is missing \(next found: 3\)/,
    );
    expect(readFileSync(redoPaths(file)[0])).toEqual(before);
  });

  it('will not record over a log another process left unreplayed', () => {
    const file = newFile();
    const db = open(file);
    db.exec('CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v INTEGER NOT NULL, b BLOB)');
    const builder = new RedoRecordBuilder();
    builder.capture('INSERT INTO t (k, v) VALUES (?, ?)', ['late', 1]);
    writeFileSync(redoPaths(file)[0], builder.seal(1n));
    const log = RedoLog.attach(db);
    logs.push(log);
    expect(() => log.start()).toThrow(/holds writes the database does not have yet/);
    expect(readFileSync(redoPaths(file)[0]).length).toBeGreaterThan(0);
    db.close();
    expect(rows(open(file)).map((r) => r.k)).toEqual(['late']);
  });

  it('names the record and statement that does not replay', () => {
    const file = newFile();
    logWith(file, [1n], 'INSERT INTO missing (k, v) VALUES (?, ?)');
    expect(() => openSqlite(file)).toThrow(
      /record 1, statement 1 does not replay: no such table: missing/,
    );
    expect(existsSync(redoPaths(file)[0])).toBe(true);
  });
});
