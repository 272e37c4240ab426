// The SQLite server database's redo log: the server's statements run on an in-memory copy, writes
// acknowledged through the log survive a crash whichever of its two files holds them, the file is
// brought up to date on the applier thread, and a log that cannot bring the file up to date is
// refused in one line and left as it is.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RedoLog, type RedoLogOptions } from '../../../server/ledger/redo-log.ts';
import { readRecords, RedoLogError, redoPaths } from '../../../server/ledger/redo-recovery.ts';
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

const TABLE = 'CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v INTEGER NOT NULL, b BLOB)';

/** A file with table `t`, opened with its redo log (commits only when asked, by default). */
async function recording(file = newFile(), options: RedoLogOptions = { commitMs: 600_000 }) {
  const setup = open(file);
  setup.exec(TABLE);
  setup.close();
  const log = await RedoLog.open(file, options);
  logs.push(log);
  dbs.push(log.db);
  return { file, db: log.db, log };
}

const put = (db: SqliteDb, k: string, v: number | bigint) =>
  db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(k, v);
const rows = (db: SqliteDb) =>
  db.prepare('SELECT k, v FROM t ORDER BY k').all() as { k: string; v: bigint }[];

/** Stops as a crash would: nothing committed to the file, the in-memory database gone. */
async function crash(log: RedoLog): Promise<void> {
  await log.abort();
  log.db.close();
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('redo log', () => {
  it('brings back every durable write after a crash, though the file never saw them', async () => {
    const { file, db, log } = await recording();
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
    await crash(log);

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
    for (const path of redoPaths(file)) expect(readRecords(path)).toEqual([]);
  });

  it('starts from a copy of the file, rowids included', async () => {
    const file = newFile();
    const setup = open(file);
    setup.exec(`${TABLE}; INSERT INTO t (rowid, k, v) VALUES (7, 'x', 1), (3, 'y', 2)`);
    setup.close();
    const log = await RedoLog.open(file);
    logs.push(log);
    expect(log.db.prepare('SELECT rowid AS r, k FROM t ORDER BY rowid').all()).toEqual([
      { r: 3n, k: 'y' },
      { r: 7n, k: 'x' },
    ]);
  });

  it('answers at once when nothing waits, and shares one flush between callers', async () => {
    const { db, log } = await recording();
    expect(log.durable()).toBeUndefined();
    put(db, 'a', 1);
    const first = log.durable();
    expect(log.durable()).toBe(first);
    await first;
    expect(log.durable()).toBeUndefined();
  });

  it('records schema changes made with db.exec', async () => {
    const { file, db, log } = await recording();
    db.exec('CREATE TABLE u (x INTEGER); CREATE INDEX u_x ON u (x)');
    db.prepare('INSERT INTO u (x) VALUES (?)').run(4);
    await log.durable();
    await crash(log);
    expect(open(file).prepare('SELECT x FROM u').all()).toEqual([{ x: 4n }]);
  });

  it('keeps recording after a transaction that threw before writing', async () => {
    const { file, db, log } = await recording();
    put(db, 'a', 1);
    expect(() =>
      db.transaction(() => {
        throw new Error('refused before any write');
      })(),
    ).toThrow('refused before any write');
    put(db, 'b', 2);
    await log.durable();
    await crash(log);
    expect(rows(open(file)).map((r) => r.k)).toEqual(['a', 'b']);
  });

  it('stops after a transaction that threw half-way; the restart replays what was durable', async () => {
    const { file, db, log } = await recording();
    put(db, 'a', 1);
    await log.durable();
    put(db, 'd', 4); // durable in its own record, which the rollback below also undoes in memory
    await log.durable();
    expect(() =>
      db.transaction(() => {
        put(db, 'b', 2);
        put(db, 'a', 9);
      })(),
    ).toThrow(/UNIQUE/);
    await expect(log.durable()).rejects.toThrow(/half-way.*restart the server/);
    expect((await log.failed).message).toMatch(/half-way/);
    expect(() => put(db, 'c', 3)).toThrow(/half-way/);
    await crash(log);
    expect(rows(open(file))).toEqual([
      { k: 'a', v: 1n },
      { k: 'd', v: 4n },
    ]);
  });

  it('commits to the file in the background, moving to the other redo file, emptying the first and writing it again from its beginning', async () => {
    const { file, db, log } = await recording();
    const [first, second] = redoPaths(file);
    put(db, 'a', 1);
    await log.durable();
    expect(readRecords(first)).toHaveLength(1);
    log.commit();
    put(db, 'b', 2);
    await log.durable();
    expect(readRecords(second)).toHaveLength(1);
    await until(() => readRecords(first).length === 0);
    const reader = open(file);
    expect(rows(reader).map((r) => r.k)).toContain('a');
    reader.close();
    log.commit();
    put(db, 'c', 3);
    await log.durable();
    expect(readRecords(first).map((r) => r.statements[0]?.values)).toEqual([['c', 3]]);
    await until(() => statSync(first).size >= 1 << 20);
    await crash(log);
    expect(rows(open(file)).map((r) => r.k)).toEqual(['a', 'b', 'c']);
  });

  it('commits on its timer', async () => {
    const { file, db } = await recording(newFile(), { commitMs: 20 });
    put(db, 'a', 1);
    await until(() => {
      const reader = openSqlite(file);
      const found = rows(reader).length;
      reader.close();
      return found === 1;
    });
  });

  it('commits everything and empties both files on close', async () => {
    const { file, db, log } = await recording();
    put(db, 'a', 1);
    await log.close();
    for (const path of redoPaths(file)) expect(readRecords(path)).toEqual([]);
    db.close();
    expect(rows(open(file))).toEqual([{ k: 'a', v: 1n }]);
  });

  it('refuses iterate on a write statement, which it could not record', async () => {
    const { db } = await recording();
    const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?) RETURNING k');
    expect(() => insert.iterate('x', 1)).toThrow(RedoLogError);
  });

  it('refuses a second log on a file in use, and leaves readers the last commit', async () => {
    const { file, db, log } = await recording();
    put(db, 'a', 1);
    await log.durable();
    await expect(RedoLog.open(file)).rejects.toThrow(/in use by another process/);
    const reader = open(file);
    expect(rows(reader)).toEqual([]);
    expect(readRecords(redoPaths(file)[0])).toHaveLength(1);
  });
});

describe('redo log recovery', () => {
  function logWith(
    file: string,
    seqs: readonly bigint[],
    sql = 'INSERT INTO t (k, v) VALUES (?, ?)',
  ) {
    const db = open(file);
    db.exec(TABLE);
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

  it('replays before the log starts over, so the server sees the writes', async () => {
    const file = newFile();
    logWith(file, [1n, 2n]);
    const log = await RedoLog.open(file);
    logs.push(log);
    expect(rows(log.db).map((r) => r.k)).toEqual(['k1', 'k2']);
  });

  it('refuses a log with a missing record and leaves it untouched', async () => {
    const file = newFile();
    logWith(file, [1n, 3n]);
    const before = readFileSync(redoPaths(file)[0]);
    expect(() => openSqlite(file)).toThrow(
      /redo log of .*server\.db: record 2 is missing \(next found: 3\)/,
    );
    await expect(RedoLog.open(file)).rejects.toThrow(/record 2 is missing/);
    expect(readFileSync(redoPaths(file)[0])).toEqual(before);
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
