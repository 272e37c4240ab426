// The PostgreSQL ledger against a throw-away local cluster: the shared example table, agreement
// with the memory ledger on random operations, and concurrent writers from two pools.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AccountFlags,
  MemoryLedger,
  TransferFlags,
  type Ledger,
  type TransferInput,
} from '../../../server/ledger/index.ts';
import { PgLedger } from '../../../server/ledger/pg-ledger.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { describeLedgerExamples } from '../support/ledger-examples.ts';
import { postgresAvailable, startTestPostgres, type TestPostgres } from '../support/postgres.ts';

let cluster: TestPostgres | null = null;
let schemas = 0;

/** A PgLedger in a fresh schema of the test cluster. */
async function freshLedger(clock: FakeClock): Promise<PgLedger> {
  if (!cluster) throw new Error('no test cluster');
  const schema = `t${(schemas += 1)}`;
  const base = { host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' };
  const admin = new pg.Client(base);
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const ledger = new PgLedger(
    new pg.Pool({ ...base, max: 4, options: `-c search_path=${schema}` }),
    clock,
  );
  await ledger.init();
  return ledger;
}

const pay = (id: string, dr: string, cr: string, amount: bigint, flags = 0): TransferInput => ({
  id,
  debitAccountId: dr,
  creditAccountId: cr,
  amount,
  ledger: 'USD',
  code: 1,
  flags,
});

async function open(ledger: Ledger) {
  await ledger.createAccounts([
    { id: 'bank', ledger: 'USD', code: 1, flags: 0 },
    { id: 'a', ledger: 'USD', code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
    { id: 'b', ledger: 'USD', code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
  ]);
}

describe.skipIf(!postgresAvailable())('PostgreSQL ledger', () => {
  beforeAll(async () => {
    cluster = await startTestPostgres();
  }, 120_000);
  afterAll(() => cluster?.stop());

  describeLedgerExamples('postgres', freshLedger);

  it('agrees with the memory ledger on random batches', async () => {
    const event = fc.record({
      id: fc.constantFrom('t1', 't2', 't3', 't4'),
      dr: fc.constantFrom('bank', 'a', 'b'),
      cr: fc.constantFrom('bank', 'a', 'b'),
      amount: fc.bigInt({ min: 1n, max: 50n }),
      kind: fc.constantFrom(0, 0, TransferFlags.pending, TransferFlags.linked),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(event, { minLength: 1, maxLength: 3 }), { maxLength: 4 }),
        async (raw) => {
          const memory = new MemoryLedger(new FakeClock());
          const postgres = await freshLedger(new FakeClock());
          await Promise.all([open(memory), open(postgres)]);
          for (const b of raw) {
            const batch = b.map((e, i) =>
              pay(
                e.id,
                e.dr,
                e.cr,
                e.amount,
                e.kind === TransferFlags.linked && i === b.length - 1 ? 0 : e.kind,
              ),
            );
            const [m, p] = [
              await memory.createTransfers(batch),
              await postgres.createTransfers(batch),
            ];
            expect(p).toEqual(m);
          }
          expect(await postgres.allAccounts()).toEqual(await memory.allAccounts());
          await postgres.close();
        },
      ),
      { seed: 5432, numRuns: 15 },
    );
  });

  it('serialises concurrent writers: no overdraft and no lost update', async () => {
    const first = await freshLedger(new FakeClock());
    await open(first);
    await first.createTransfers([pay('load', 'bank', 'a', 100n)]);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_unused, i) =>
        first.createTransfers([pay(`p${i}`, 'a', 'b', 7n)]),
      ),
    );
    const ok = results.filter(([r]) => r?.result === 'ok').length;
    expect(ok).toBe(14);
    const [a, b] = await first.lookupAccounts(['a', 'b']);
    expect(a?.debitsPosted).toBe(98n);
    expect(b?.creditsPosted).toBe(98n);
    await first.close();
  });
});
