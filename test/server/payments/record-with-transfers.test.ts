// Where a payment's record is written beside its ledger transfers: in the same transaction on
// PostgreSQL (a refused record write moves no money) and as one statement inside the batch on
// SQLite (the statement alone is undone; the transfers stand and the record is rebuilt later).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentError } from '../../../server/payments/errors.ts';
import { paymentBackends } from '../../support/payment-backends.ts';

const A = '+14088675309';
const B = '+14154443214';

/** SQL that makes every insert of a send record fail, per dialect. */
const REFUSE_SENDS = {
  SQLite:
    "CREATE TRIGGER refuse_sends BEFORE INSERT ON payments WHEN NEW.kind = 'send' " +
    "BEGIN SELECT RAISE(ABORT, 'record refused'); END",
  PostgreSQL: "ALTER TABLE payments ADD CONSTRAINT refuse_sends CHECK (kind <> 'send')",
};

const backends = paymentBackends();
beforeAll(() => backends.start(), 120_000);
afterAll(() => backends.stop());

for (const backend of backends.list)
  describe.skipIf(!backend.available)(`payment records beside transfers on ${backend.name}`, () => {
    it('fails the payment when its record cannot be written', async () => {
      const w = await backend.open();
      await w.service.register({ msisdn: A, pin: '1111', bank: 'ci' });
      await w.service.register({ msisdn: B, pin: '2222', bank: 'ba' });
      await w.service.load({ msisdn: A, amount: '100.00', reference: 'cash' });
      await w.exec(REFUSE_SENDS[backend.name]);
      const sent = w.service.send({ msisdn: A, pin: '1111', to: B, amount: '10', reference: 'r1' });
      await expect(sent).rejects.toThrow(/record refused|refuse_sends/);
      await expect(sent).rejects.not.toBeInstanceOf(PaymentError);
      const moved = await w.ledger.lookupTransfers([`pay:${A}:r1`]);
      const balance = (await w.service.balance({ msisdn: A, pin: '1111' })).available;
      if (backend.name === 'PostgreSQL') {
        expect(moved).toEqual([]);
        expect(balance).toBe('100.00');
      } else {
        expect(moved).toMatchObject([{ id: `pay:${A}:r1`, result: 'ok' }]);
        expect(balance).toBe('89.95');
      }
      expect(await w.payments.get(`pay:${A}:r1`)).toBeUndefined();
      expect(await w.totals()).toEqual({ posted: 0n, pending: 0n });
    });
  });
