// Transaction boundaries of the SQLite ledger: a batch that fails half-way leaves nothing behind,
// and a writer killed with SIGKILL loses no acknowledged batch and half-writes none.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountFlags,
  openSqlite,
  SqliteLedger,
  type TransferInput,
} from '../../../server/ledger/index.ts';
import { FakeClock } from '../support/fake-clock.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const pay = (id: string, amount: bigint): TransferInput => ({
  id,
  debitAccountId: 'src',
  creditAccountId: 'dst',
  amount,
  ledger: 'USD',
  code: 1,
  flags: 0,
});

describe('SQLite ledger transaction boundaries', () => {
  it('rolls back a whole batch when the database fails in the middle of writing it', async () => {
    const db = openSqlite(':memory:');
    const ledger = new SqliteLedger(db, new FakeClock());
    await ledger.createAccounts([
      { id: 'src', ledger: 'USD', code: 1, flags: 0 },
      { id: 'dst', ledger: 'USD', code: 1, flags: AccountFlags.debitsMustNotExceedCredits },
    ]);
    db.exec(
      "CREATE TRIGGER fail_boom BEFORE INSERT ON ledger_transfers WHEN NEW.id = 'boom' " +
        "BEGIN SELECT RAISE(ABORT, 'disk gone'); END",
    );
    await expect(
      ledger.createTransfers([pay('a', 5n), pay('b', 6n), pay('boom', 7n)]),
    ).rejects.toThrow(/disk gone/);
    expect(await ledger.lookupTransfers(['a', 'b'])).toEqual([]);
    const [dst] = await ledger.lookupAccounts(['dst']);
    expect(dst?.creditsPosted).toBe(0n);
    expect((await ledger.createTransfers([pay('a', 5n)]))[0]).toMatchObject({
      result: 'ok',
      replayed: false,
    });
    await ledger.close();
  });

  it('keeps every acknowledged batch exactly once after SIGKILL of the writer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simpay-ledger-'));
    dirs.push(dir);
    const file = join(dir, 'ledger.db');
    const writer = new URL('../support/ledger-writer.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked: string[] = [];
    let buffer = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        acked.push(...lines.filter((l) => l.startsWith('b')));
        if (acked.length >= 40 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(acked.length).toBeGreaterThanOrEqual(40);
    const ledger = new SqliteLedger(openSqlite(file), new FakeClock());
    const ids = acked.flatMap((batch) => [`${batch}-1`, `${batch}-2`, `${batch}-3`]);
    const stored = await ledger.lookupTransfers(ids);
    expect(stored.map((t) => t.id)).toEqual(ids);
    const [src, dst] = await ledger.lookupAccounts(['src', 'dst']);
    expect(src?.debitsPosted).toBe(dst?.creditsPosted);
    expect((dst?.creditsPosted ?? 0n) % 6n).toBe(0n);
    expect(dst?.creditsPosted).toBeGreaterThanOrEqual(BigInt(acked.length) * 6n);
    await ledger.close();
  });
});
