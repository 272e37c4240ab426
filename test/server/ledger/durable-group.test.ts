import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountFlags,
  GroupCommitLedger,
  openSqlite,
  SqliteLedger,
  type Ledger,
  type SqliteDb,
  type TransferInput,
} from '../../../server/ledger/index.ts';
import { WalSync } from '../../../server/ledger/wal-sync.ts';
import { FakeClock } from '../support/fake-clock.ts';

const dirs: string[] = [];
const dbs: SqliteDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const pay = (id: string, dr: string, cr: string, amount: bigint): TransferInput => ({
  id,
  debitAccountId: dr,
  creditAccountId: cr,
  amount,
  ledger: 'USD',
  code: 1,
  flags: 0,
});

/** A ledger on a WAL file with a `notes` table beside it, as payment records are kept. */
async function fileLedger(file?: string) {
  const path = file ?? join(mkdtempSync(join(tmpdir(), 'simpay-group-')), 'ledger.db');
  if (!file) dirs.push(join(path, '..'));
  const db = openSqlite(path);
  dbs.push(db);
  db.exec('CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY)');
  const ledger = new SqliteLedger(db, new FakeClock());
  await ledger.createAccounts([
    { id: 'bank', ledger: 'USD', code: 1, flags: 0 },
    { id: 'a', ledger: 'USD', code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
    { id: 'b', ledger: 'USD', code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
  ]);
  const note = (id: string) => () => void db.prepare('INSERT INTO notes (id) VALUES (?)').run(id);
  const notes = () =>
    (db.prepare('SELECT id FROM notes ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  return { path, db, ledger, note, notes };
}

/** Group commit with a manual scheduler and a count of inner commits. */
function grouped(inner: Ledger, maxEvents?: number) {
  let commits = 0;
  const counting = Object.assign(Object.create(inner) as Ledger, {
    createTransfers: (...args: Parameters<Ledger['createTransfers']>) => {
      commits += 1;
      return inner.createTransfers(...args);
    },
  });
  const pending: (() => void)[] = [];
  const options = maxEvents === undefined ? {} : { maxEvents };
  const ledger = new GroupCommitLedger(counting, (flush) => void pending.push(flush), options);
  return { ledger, commits: () => commits, flush: () => pending.splice(0).forEach((f) => f()) };
}

describe('records written alongside a transfer batch', () => {
  it('share the batch transaction: a throwing write undoes the transfers too', async () => {
    const f = await fileLedger();
    await f.ledger.createTransfers([pay('load', 'bank', 'a', 100n)], f.note('load'));
    const failing = f.ledger.createTransfers([pay('p1', 'a', 'b', 10n)], () => {
      f.note('p1')();
      throw new Error('record refused');
    });
    await expect(failing).rejects.toThrow('record refused');
    expect(f.notes()).toEqual(['load']);
    expect(await f.ledger.lookupTransfers(['p1'])).toEqual([]);
    const [a] = await f.ledger.lookupAccounts(['a']);
    expect(a?.creditsPosted).toBe(100n);
  });

  it('are durable and readable by a new connection once the batch resolves', async () => {
    const f = await fileLedger();
    await f.ledger.createTransfers([pay('load', 'bank', 'a', 100n)], f.note('load'));
    const again = await fileLedger(f.path);
    expect(again.notes()).toEqual(['load']);
    expect(await again.ledger.lookupTransfers(['load'])).toMatchObject([{ result: 'ok' }]);
  });
});

describe('group commit with alongside writes', () => {
  it('commits every caller and its record in one inner transaction', async () => {
    const f = await fileLedger();
    const g = grouped(f.ledger);
    const calls = [
      g.ledger.createTransfers([pay('l1', 'bank', 'a', 100n)], f.note('l1')),
      g.ledger.createTransfers([pay('p1', 'a', 'b', 60n)], f.note('p1')),
      g.ledger.createTransfers([pay('p2', 'a', 'b', 60n)]),
    ];
    g.flush();
    const [r1, r2, r3] = await Promise.all(calls);
    expect(g.commits()).toBe(1);
    expect([r1, r2, r3].map((r) => r?.map((x) => x.result))).toEqual([
      ['ok'],
      ['ok'],
      ['exceeds_credits'],
    ]);
    expect(f.notes()).toEqual(['l1', 'p1']);
  });

  it('fails only the caller whose write throws; the others keep their transfers and records', async () => {
    const f = await fileLedger();
    const g = grouped(f.ledger);
    const calls = [
      g.ledger.createTransfers([pay('l1', 'bank', 'a', 100n)], f.note('l1')),
      g.ledger.createTransfers([pay('p1', 'a', 'b', 10n)], f.note('l1')),
      g.ledger.createTransfers([pay('p2', 'a', 'b', 10n)], f.note('p2')),
    ];
    g.flush();
    const settled = await Promise.allSettled(calls);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(f.notes()).toEqual(['l1', 'p2']);
    const [b] = await f.ledger.lookupAccounts(['b']);
    expect(b?.creditsPosted).toBe(20n);
  });

  it('commits a full group at once, without waiting for the window', async () => {
    const f = await fileLedger();
    const g = grouped(f.ledger, 2);
    const first = g.ledger.createTransfers([pay('l1', 'bank', 'a', 5n)]);
    const second = g.ledger.createTransfers([pay('l2', 'bank', 'a', 5n)]);
    expect(await Promise.all([first, second])).toHaveLength(2);
    expect(g.commits()).toBe(1);
  });
});

describe('account version from the newest committed transfer', () => {
  it('matches what a fresh connection reads from the database, and ignores rolled-back batches', async () => {
    const f = await fileLedger();
    await f.ledger.createTransfers([pay('l1', 'bank', 'a', 100n), pay('p1', 'a', 'b', 5n)]);
    await f.ledger.createTransfers([pay('p2', 'a', 'b', 500n)]);
    await expect(
      f.ledger.createTransfers([pay('p3', 'b', 'a', 1n)], () => {
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const fresh = new SqliteLedger(f.db, new FakeClock());
    for (const accountId of ['a', 'b', 'bank']) {
      const cached = await f.ledger.accountTransfers({ accountId, limit: 1 });
      expect(cached).toEqual(await fresh.accountTransfers({ accountId, limit: 1 }));
    }
    expect((await f.ledger.accountTransfers({ accountId: 'a', limit: 1 }))[0]?.id).toBe('p1');
  });
});

describe('WAL flushing', () => {
  it('shares one queued flush among callers arriving while another runs', async () => {
    const f = await fileLedger();
    const wal = new WalSync(`${f.path}-wal`);
    const running = wal.flush();
    const queued = wal.flush();
    expect(wal.flush()).toBe(queued);
    expect(queued).not.toBe(running);
    await Promise.all([running, queued]);
  });

  it('refuses every later flush once one failed', async () => {
    const wal = new WalSync(join(tmpdir(), 'simpay-no-such-dir', 'x.db-wal'));
    await expect(wal.flush()).rejects.toThrow('cannot flush');
    await expect(wal.flush()).rejects.toThrow('cannot flush');
  });
});

describe('statement cache', () => {
  it('compiles a statement text once per connection', () => {
    const db = openSqlite(':memory:');
    dbs.push(db);
    expect(db.prepare('SELECT 1 AS x')).toBe(db.prepare('SELECT 1 AS x'));
    expect(db.prepare('SELECT 2 AS x').get()).toEqual({ x: 2n });
  });
});
