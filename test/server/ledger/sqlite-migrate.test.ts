// A SQLite file written with the portable transfers table is converted on open to SQLite's own
// layout (timestamp as rowid) with every transfer, its history order and its idempotency intact.
import { describe, expect, it } from 'vitest';
import {
  AccountFlags,
  openSqlite,
  SqliteLedger,
  type SqliteDb,
  type TransferInput,
} from '../../../server/ledger/index.ts';
import { LEDGER_SCHEMA } from '../../../server/ledger/sql-schema.ts';
import { hasPortableTransfers, migrateTransfers } from '../../../server/ledger/sqlite-migrate.ts';
import { FakeClock } from '../support/fake-clock.ts';

const pay = (id: string, dr: string, cr: string, amount: bigint): TransferInput => ({
  id,
  debitAccountId: dr,
  creditAccountId: cr,
  amount,
  ledger: 'USD',
  code: 1,
  flags: 0,
});

/** A database holding accounts and transfers in the portable layout, as older files do. */
function portableFile(): SqliteDb {
  const db = openSqlite(':memory:');
  for (const statement of LEDGER_SCHEMA) db.exec(statement);
  const account = db.prepare(
    'INSERT INTO ledger_accounts VALUES (?, ?, 1, ?, NULL, 0, ?, 0, ?, ?)',
  );
  account.run('bank', 'USD', 0, 300n, 0n, 1n);
  account.run('a', 'USD', AccountFlags.debitsMustNotExceedCredits, 50n, 200n, 2n);
  account.run('b', 'USD', AccountFlags.debitsMustNotExceedCredits, 0n, 150n, 3n);
  const transfer = db.prepare(
    'INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, pending_id, ' +
      "timeout_seconds, ledger, code, flags, user_data, timestamp, result) VALUES (?, ?, ?, ?, NULL, 0, 'USD', 1, 0, ?, ?, 'ok')",
  );
  transfer.run('t1', 'bank', 'a', 200n, null, 10n);
  transfer.run('t2', 'bank', 'b', 100n, 'note', 11n);
  transfer.run('t3', 'a', 'b', 50n, null, 12n);
  return db;
}

describe('SQLite transfers table conversion', () => {
  it('converts a portable table once and keeps every row', () => {
    const db = portableFile();
    const before = db.prepare('SELECT * FROM ledger_transfers ORDER BY timestamp').all();
    expect(hasPortableTransfers(db)).toBe(true);
    expect(migrateTransfers(db)).toBe(true);
    expect(hasPortableTransfers(db)).toBe(false);
    expect(migrateTransfers(db)).toBe(false);
    expect(db.prepare('SELECT * FROM ledger_transfers ORDER BY timestamp').all()).toEqual(before);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE tbl_name LIKE 'ledger_transfers%'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables.sort()).toEqual([
      'ledger_transfers',
      'ledger_transfers_by_credit',
      'ledger_transfers_by_debit',
      'sqlite_autoindex_ledger_transfers_1',
    ]);
  });

  it('opens a converted file with its history, replays and time order', async () => {
    const db = portableFile();
    const ledger = new SqliteLedger(db, new FakeClock(1));
    expect(hasPortableTransfers(db)).toBe(false);
    const history = await ledger.accountTransfers({ accountId: 'b', limit: 10 });
    expect(history.map((t) => t.id)).toEqual(['t3', 't2']);
    expect(history[1]?.userData).toBe('note');
    const [again] = await ledger.createTransfers([pay('t1', 'bank', 'a', 200n)]);
    expect(again).toMatchObject({ result: 'ok', replayed: true });
    const [next] = await ledger.createTransfers([pay('t4', 'b', 'a', 25n)]);
    expect(next?.result).toBe('ok');
    expect(next?.timestamp).toBeGreaterThan(12n);
    const [a] = await ledger.lookupAccounts(['a']);
    expect(a).toMatchObject({ debitsPosted: 50n, creditsPosted: 225n });
    await ledger.close();
  });

  it('leaves a new file in the SQLite layout', () => {
    const db = openSqlite(':memory:');
    expect(migrateTransfers(db)).toBe(false);
    void new SqliteLedger(db, new FakeClock());
    const pk = (db.pragma('table_info(ledger_transfers)') as { name: string; pk: unknown }[])
      .filter((c) => Number(c.pk) > 0)
      .map((c) => c.name);
    expect(pk).toEqual(['timestamp']);
    db.close();
  });
});
