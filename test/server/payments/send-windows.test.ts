// The payers' sending windows kept in memory by the SQLite payment store agree with the payments
// table on random sequences of sends, state changes and window checks (seeded).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/ledger/sqlite-db.ts';
import {
  PaymentStore,
  type Payment,
  type PaymentStatus,
} from '../../../server/payments/payment-store.ts';

const payers = ['+14088675309', '+14154443214', '+16508622730'];
const statuses: PaymentStatus[] = ['completed', 'awaiting_acceptance', 'held', 'requested'];
const moves: PaymentStatus[] = ['completed', 'stopped', 'expired', 'claimed', 'stopped'];

const op = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    payer: fc.integer({ min: 0, max: 2 }),
    status: fc.integer({ min: 0, max: 3 }),
    amount: fc.bigInt({ min: 1n, max: 1000n }),
    dt: fc.integer({ min: -300, max: 400 }),
  }),
  fc.record({
    kind: fc.constant('move' as const),
    pick: fc.nat(),
    to: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('check' as const),
    payer: fc.integer({ min: 0, max: 2 }),
    back: fc.constantFrom(1500, 1500, 1500, 600, 200),
    countBack: fc.integer({ min: 0, max: 3000 }),
  }),
);

function truth(
  store: { db: ReturnType<typeof openSqlite> },
  payer: string,
  sum: number,
  n: number,
) {
  const row = store.db
    .prepare(
      'SELECT COALESCE(SUM(amount + fee), 0) AS total, COALESCE(SUM(created_at > ?), 0) AS n ' +
        "FROM payments WHERE payer = ? AND kind = 'send' AND created_at > ? " +
        "AND status IN ('completed', 'awaiting_acceptance', 'held', 'claimed')",
    )
    .get(Math.max(n, sum), payer, sum) as { total: bigint; n: bigint };
  return { total: BigInt(row.total), count: Number(row.n) };
}

describe('sending windows in memory', () => {
  it('agree with the payments table', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 30, maxLength: 120 }), async (ops) => {
        const db = openSqlite(':memory:');
        const store = new PaymentStore(db);
        const ids: string[] = [];
        let now = 10_000;
        for (const [i, o] of ops.entries()) {
          if (o.kind === 'add') {
            now += o.dt;
            const status = statuses[o.status] as PaymentStatus;
            const kind = status === 'requested' ? 'request' : 'send';
            const p: Payment = {
              id: `p${i}`,
              kind,
              payer: payers[o.payer] as string,
              payee: '+12125550100',
              amount: o.amount,
              fee: 1n,
              status,
              message: '',
              createdAt: now,
              expiresAt: null,
              settledBy: null,
            };
            await store.add(p);
            ids.push(p.id);
          } else if (o.kind === 'move' && ids.length > 0) {
            const id = ids[o.pick % ids.length] as string;
            await store.transition(
              id,
              ['awaiting_acceptance', 'held'],
              moves[o.to] as PaymentStatus,
            );
          } else if (o.kind === 'check') {
            const payer = payers[o.payer] as string;
            const sum = now - o.back;
            const count = now - o.countBack;
            expect(await store.sentSince(payer, sum, count)).toEqual(
              truth({ db }, payer, sum, count),
            );
          }
        }
        db.close();
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
