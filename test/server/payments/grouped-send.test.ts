import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/config/config.ts';
import { GroupCommitLedger } from '../../../server/ledger/group-commit.ts';
import type { Ledger } from '../../../server/ledger/ledger.ts';
import { openSqlite, type SqliteDb } from '../../../server/ledger/sqlite-db.ts';
import { SqliteLedger } from '../../../server/ledger/sqlite-ledger.ts';
import { MemberStore } from '../../../server/members/member-store.ts';
import { PaymentStore } from '../../../server/payments/payment-store.ts';
import { PaymentService } from '../../../server/payments/service.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { TEST_ENV } from '../support/payment-harness.ts';

const A = '+14088675309';
const B = '+14154443214';
const C = '+16508622730';
const dirs: string[] = [];
const dbs: SqliteDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A service on a WAL file behind group commit whose groups are flushed by hand. */
async function groupedService() {
  const dir = mkdtempSync(join(tmpdir(), 'simpay-send-'));
  dirs.push(dir);
  const db = openSqlite(join(dir, 'server.db'));
  dbs.push(db);
  const clock = new FakeClock();
  const inner = new SqliteLedger(db, clock);
  let commits = 0;
  const counting = Object.assign(Object.create(inner) as Ledger, {
    createTransfers: (...args: Parameters<Ledger['createTransfers']>) => {
      commits += 1;
      return inner.createTransfers(...args);
    },
  });
  const pending: (() => void)[] = [];
  const ledger = new GroupCommitLedger(counting, (flush) => void pending.push(flush));
  const payments = new PaymentStore(db);
  const config = parseConfig({ banks: ['ci'] }, TEST_ENV);
  const service = new PaymentService({
    ledger,
    members: new MemberStore(db),
    payments,
    config,
    clock,
    emit: () => undefined,
  });
  /** Flushes groups between event-loop turns until `p` settles (bounded). */
  const settle = async <T>(p: Promise<T>) => {
    let done = false;
    void p.then(
      () => void (done = true),
      () => void (done = true),
    );
    for (let i = 0; i < 200 && !done; i += 1) {
      pending.splice(0).forEach((f) => f());
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return p;
  };
  await settle(service.open());
  for (const [msisdn, pin] of [
    [A, '1111'],
    [B, '2222'],
    [C, '3333'],
  ] as const)
    await settle(service.register({ msisdn, pin }));
  await settle(service.load({ msisdn: A, amount: '50.00', reference: 'seed' }));
  await settle(service.load({ msisdn: C, amount: '1.00', reference: 'seed' }));
  return { service, payments, commits: () => commits, settle };
}

describe('payment.send under group commit', () => {
  it('commits concurrent sends with their records together; a refused one leaves no record', async () => {
    const g = await groupedService();
    const before = g.commits();
    const sends = Promise.allSettled([
      g.service.send({ msisdn: A, pin: '1111', to: B, amount: '10.00', reference: 'r1' }),
      g.service.send({ msisdn: C, pin: '3333', to: B, amount: '5.00', reference: 'r2' }),
    ]);
    const [ok, refused] = await g.settle(sends);
    expect(g.commits() - before).toBe(1);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { status: 'completed' } });
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'INSUFFICIENT_FUNDS' } });
    expect(await g.payments.get(`pay:${A}:r1`)).toMatchObject({
      status: 'completed',
      amount: 1000n,
    });
    expect(await g.payments.get(`pay:${C}:r2`)).toBeUndefined();
  });

  it('answers a retry with the stored payment and moves no money again', async () => {
    const g = await groupedService();
    const order = { msisdn: A, pin: '1111', to: B, amount: '10.00', reference: 'r1' };
    const first = await g.settle(g.service.send(order));
    const again = await g.settle(g.service.send(order));
    expect(again.paymentId).toBe(first.paymentId);
    expect(again.balance.available).toBe(first.balance.available);
  });
});

describe('sending windows', () => {
  it('sums the day and counts the hour in one read', async () => {
    const db = openSqlite(':memory:');
    dbs.push(db);
    const store = new PaymentStore(db);
    const base = { kind: 'send' as const, payer: A, payee: B, fee: 1n, message: '' };
    const rest = { expiresAt: null, settledBy: null };
    await store.add({
      ...base,
      id: 'old',
      amount: 10n,
      status: 'completed',
      createdAt: 1000,
      ...rest,
    });
    await store.add({
      ...base,
      id: 'new',
      amount: 20n,
      status: 'completed',
      createdAt: 5000,
      ...rest,
    });
    await store.add({
      ...base,
      id: 'gone',
      amount: 40n,
      status: 'stopped',
      createdAt: 5000,
      ...rest,
    });
    expect(await store.sentSince(A, 500, 4000)).toEqual({ total: 32n, count: 1 });
    expect(await store.sentSince(A, 2000)).toEqual({ total: 21n, count: 1 });
  });
});
