// Payment records on SQLite and PostgreSQL: insert once per id, state transitions from the
// allowed states only, payments held for a number, and the limit windows' sum and count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Payment } from '../../../server/payments/payment-store.ts';
import { paymentBackends } from '../../support/payment-backends.ts';

const A = '+14088675309';
const B = '+14154443214';
const base = { kind: 'send' as const, payer: A, payee: B, fee: 1n, message: 'hi' };
const rest = { expiresAt: null, settledBy: null };
const record = (id: string, amount: bigint, status: Payment['status'], createdAt: number) => ({
  ...base,
  id,
  amount,
  status,
  createdAt,
  ...rest,
});

const backends = paymentBackends();
beforeAll(() => backends.start(), 120_000);
afterAll(() => backends.stop());

for (const backend of backends.list)
  describe.skipIf(!backend.available)(`payment records on ${backend.name}`, () => {
    it('keeps the first record of an id and moves it only from the allowed states', async () => {
      const store = (await backend.open()).payments;
      const first = record('p1', 10n, 'held', 1000);
      expect(await store.insert(first)).toEqual(first);
      expect(await store.insert({ ...first, amount: 99n })).toEqual(first);
      expect(await store.transition('p1', ['awaiting_acceptance'], 'completed')).toBe(false);
      expect(await store.heldFor(B)).toEqual([first]);
      expect(await store.transition('p1', ['held', 'awaiting_acceptance'], 'claimed', 'x')).toBe(
        true,
      );
      expect(await store.get('p1')).toEqual({ ...first, status: 'claimed', settledBy: 'x' });
      expect(await store.heldFor(B)).toEqual([]);
      expect(await store.get('none')).toBeUndefined();
    });

    it('sums the day and counts the hour of live sends in one read', async () => {
      const store = (await backend.open()).payments;
      await store.add(record('old', 10n, 'completed', 1000));
      await store.add(record('new', 20n, 'completed', 5000));
      await store.add(record('gone', 40n, 'stopped', 5000));
      await store.add({ ...record('asked', 80n, 'requested', 5000), kind: 'request' });
      expect(await store.sentSince(A, 500, 4000)).toEqual({ total: 32n, count: 1 });
      expect(await store.sentSince(A, 2000)).toEqual({ total: 21n, count: 1 });
      expect(await store.sentSince(B, 0)).toEqual({ total: 0n, count: 0 });
    });
  });
