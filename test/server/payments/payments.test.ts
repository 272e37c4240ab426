// The payment service's flows, one table of cases run on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentError } from '../../../server/payments/errors.ts';
import type { Notice } from '../../../server/payments/events.ts';
import { paymentBackends, type PaymentBackend } from '../../support/payment-backends.ts';

const A = '+14088675309';
const B = '+14154443214';
const C = '+16508622730';
const pinA = { msisdn: A, pin: '1111' };
const pinB = { msisdn: B, pin: '2222' };

async function worldOn(backend: PaymentBackend, config: Record<string, unknown> = {}) {
  const h = await backend.open(config);
  await h.service.register({ msisdn: '4088675309', pin: '1111', bank: 'ci' });
  await h.service.register({ msisdn: '1-415-444-3214', pin: '2222', bank: 'ba' });
  await h.service.load({ msisdn: A, amount: '100.00', reference: 'cash-1' });
  h.events.length = 0;
  return h;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (error instanceof PaymentError) return error.code;
    throw error;
  }
  return 'none';
}

const notices = (events: readonly unknown[]) =>
  (events as Notice[]).filter((e) => e.type === 'notice').map((e) => `${e.kind}>${e.to}`);

const backends = paymentBackends();
beforeAll(() => backends.start(), 120_000);
afterAll(() => backends.stop());

for (const backend of backends.list)
  describe.skipIf(!backend.available)(`payments on ${backend.name}`, () => paymentCases(backend));

function paymentCases(backend: PaymentBackend) {
  const world = (config: Record<string, unknown> = {}) => worldOn(backend, config);

  describe('payment.send between members', () => {
    it('pays at once with a fee, notifies both, and keeps the books balanced', async () => {
      const h = await world();
      const r = await h.service.send({
        ...pinA,
        to: '4154443214',
        amount: '20.55',
        reference: 'r1',
      });
      expect(r).toMatchObject({ status: 'completed', amount: '20.55', fee: '0.05', payee: B });
      expect(r.balance.available).toBe('79.40');
      expect((await h.service.balance(pinB)).available).toBe('20.55');
      expect(notices(h.events)).toEqual([`payment.sent>${A}`, `payment.received>${B}`]);
      expect(
        h.events.filter((e) => e.type === 'balance').map((e) => e.type === 'balance' && e.msisdn),
      ).toEqual([A, B]);
      expect(await h.totals()).toEqual({ posted: 0n, pending: 0n });
    });

    it('answers a retry with the first payment and refuses a changed reuse', async () => {
      const h = await world();
      const first = await h.service.send({ ...pinA, to: B, amount: '10', reference: 'r1' });
      const again = await h.service.send({ ...pinA, to: B, amount: '10', reference: 'r1' });
      expect(again.paymentId).toBe(first.paymentId);
      expect(again.balance.available).toBe('89.95');
      expect(await refusal(h.service.send({ ...pinA, to: B, amount: '11', reference: 'r1' }))).toBe(
        'IDEMPOTENCY_CONFLICT',
      );
    });

    it('refuses an overdraft and tells the payer', async () => {
      const h = await world();
      expect(
        await refusal(h.service.send({ ...pinA, to: B, amount: '99.99', reference: 'big' })),
      ).toBe('INSUFFICIENT_FUNDS');
      expect(notices(h.events)).toEqual([`payment.failed>${A}`]);
      expect((await h.service.balance(pinA)).available).toBe('100.00');
    });

    it('refuses bad amounts, self payment and wrong PINs, and locks after three', async () => {
      const h = await world();
      for (const amount of ['1e2', '-1', '0', '1.001', '0.00'])
        expect(await refusal(h.service.send({ ...pinA, to: B, amount, reference: 'x' }))).toBe(
          'INVALID_AMOUNT',
        );
      expect(await refusal(h.service.send({ ...pinA, to: A, amount: '1', reference: 'x' }))).toBe(
        'SELF_PAYMENT',
      );
      const wrong = { msisdn: A, pin: '9999' };
      expect(await refusal(h.service.balance(wrong))).toBe('PIN_WRONG');
      expect(await refusal(h.service.balance(wrong))).toBe('PIN_WRONG');
      expect(await refusal(h.service.balance(wrong))).toBe('MEMBER_LOCKED');
      expect(await refusal(h.service.balance(pinA))).toBe('MEMBER_LOCKED');
    });
  });

  describe('manual accept, decline and stop', () => {
    it('reserves until the payee accepts', async () => {
      const h = await world();
      await h.members.setAcceptMode(B, 'manual');
      const r = await h.service.send({ ...pinA, to: B, amount: '30', reference: 'm1' });
      expect(r.status).toBe('awaiting_acceptance');
      expect(r.balance).toMatchObject({
        available: '69.95',
        posted: '100.00',
        pendingOut: '30.05',
      });
      expect((await h.service.balance(pinB)).pendingIn).toBe('30.00');
      const accepted = await h.service.accept({ ...pinB, paymentId: r.paymentId });
      expect(accepted).toMatchObject({ status: 'completed' });
      expect(accepted.balance.available).toBe('30.00');
      expect((await h.service.balance(pinA)).posted).toBe('69.95');
      expect(await refusal(h.service.decline({ ...pinB, paymentId: r.paymentId }))).toBe(
        'PAYMENT_WRONG_STATE',
      );
      expect(await h.totals()).toEqual({ posted: 0n, pending: 0n });
    });

    it('releases the reservation when the payee declines or the payer stops', async () => {
      const h = await world();
      await h.members.setAcceptMode(B, 'manual');
      const r1 = await h.service.send({ ...pinA, to: B, amount: '30', reference: 'm1' });
      expect(await refusal(h.service.accept({ ...pinA, paymentId: r1.paymentId }))).toBe(
        'PAYMENT_NOT_FOUND',
      );
      await h.service.decline({ ...pinB, paymentId: r1.paymentId });
      const r2 = await h.service.send({ ...pinA, to: B, amount: '40', reference: 'm2' });
      expect(await h.service.stop({ ...pinA, paymentId: r2.paymentId })).toMatchObject({
        status: 'stopped',
      });
      expect(await h.service.balance(pinA)).toMatchObject({
        available: '100.00',
        pendingOut: '0.00',
      });
      expect(notices(h.events)).toContain(`payment.declined>${A}`);
      expect(notices(h.events)).toContain(`payment.stopped>${B}`);
    });
  });

  describe('payments to non-members', () => {
    it('holds the money and credits it when the number registers', async () => {
      const h = await world();
      const r = await h.service.send({ ...pinA, to: C, amount: '15', reference: 'v1' });
      expect(r.status).toBe('held');
      expect(r.balance.available).toBe('84.95');
      const joined = await h.service.register({ msisdn: C, pin: '3333' });
      expect(joined.claimed).toEqual([r.paymentId]);
      expect(joined.balance.available).toBe('15.00');
      expect((await h.service.balance(pinA)).posted).toBe('84.95');
      expect(notices(h.events)).toContain(`payment.claimed>${A}`);
      expect(await h.totals()).toEqual({ posted: 0n, pending: 0n });
    });

    it('returns the money after the hold window (30 days by default)', async () => {
      const h = await world();
      const r = await h.service.send({ ...pinA, to: C, amount: '15', reference: 'v1' });
      h.clock.advance(30 * 86_400_000 - 1);
      expect(await h.service.expire()).toEqual([]);
      h.clock.advance(1);
      const expired = await h.service.expire();
      expect(expired.map((p) => [p.id, p.status])).toEqual([[r.paymentId, 'expired']]);
      expect(await h.service.balance(pinA)).toMatchObject({
        available: '100.00',
        posted: '100.00',
      });
      const joined = await h.service.register({ msisdn: C, pin: '3333' });
      expect(joined.claimed).toEqual([]);
      expect(notices(h.events)).toContain(`payment.expired>${A}`);
    });
  });

  describe('request-pay', () => {
    it('runs the payment when the payer accepts, credited at once', async () => {
      const h = await world();
      await h.members.setAcceptMode(B, 'manual');
      const req = await h.service.request({
        ...pinB,
        from: A,
        amount: '12.50',
        reference: 'pizza',
        message: 'pizza',
      });
      expect(req).toMatchObject({ kind: 'request', status: 'requested', payer: A, payee: B });
      expect(notices(h.events)).toEqual([`payment.requested>${A}`]);
      const paid = await h.service.accept({ ...pinA, paymentId: req.paymentId });
      expect(paid).toMatchObject({ status: 'completed', amount: '12.50', payee: B });
      expect((await h.service.balance(pinB)).available).toBe('12.50');
      const again = await h.service.accept({ ...pinA, paymentId: req.paymentId });
      expect(again.paymentId).toBe(paid.paymentId);
      expect((await h.service.balance(pinB)).available).toBe('12.50');
    });

    it('tells the requester of a decline and refuses requests to non-members', async () => {
      const h = await world();
      const req = await h.service.request({ ...pinB, from: A, amount: '5', reference: 'q' });
      await h.service.decline({ ...pinA, paymentId: req.paymentId });
      expect(notices(h.events)).toContain(`payment.declined>${B}`);
      expect(await refusal(h.service.accept({ ...pinA, paymentId: req.paymentId }))).toBe(
        'PAYMENT_WRONG_STATE',
      );
      expect(
        await refusal(h.service.request({ ...pinB, from: C, amount: '5', reference: 'q2' })),
      ).toBe('PAYEE_NOT_MEMBER');
    });
  });

  describe('limits and lists', () => {
    it('applies per-transaction, daily and velocity limits', async () => {
      const h = await world({ limits: { perTransaction: '50', daily: '60', perHour: 2 } });
      expect(
        await refusal(h.service.send({ ...pinA, to: B, amount: '50.01', reference: 'a' })),
      ).toBe('LIMIT_PER_TRANSACTION');
      await h.service.send({ ...pinA, to: B, amount: '40', reference: 'b' });
      expect(await refusal(h.service.send({ ...pinA, to: B, amount: '20', reference: 'c' }))).toBe(
        'LIMIT_DAILY',
      );
      await h.service.send({ ...pinA, to: B, amount: '1', reference: 'd' });
      expect(await refusal(h.service.send({ ...pinA, to: B, amount: '1', reference: 'e' }))).toBe(
        'LIMIT_VELOCITY',
      );
      h.clock.advance(3_600_000);
      await h.service.send({ ...pinA, to: B, amount: '1', reference: 'f' });
    });

    it('honours the payer block list, the payee block list and white-list mode', async () => {
      const h = await world();
      await h.members.addListEntry(A, 'block', 'premium');
      expect(
        await refusal(h.service.send({ ...pinA, to: '19005551234', amount: '1', reference: 'p' })),
      ).toBe('PAYEE_BLOCKED');
      await h.members.addListEntry(B, 'block', '+1408*');
      expect(await refusal(h.service.send({ ...pinA, to: B, amount: '1', reference: 'q' }))).toBe(
        'PAYEE_REFUSES',
      );
      expect(notices(h.events)).toEqual([`payment.refused>${A}`]);
      await h.members.removeListEntry(B, 'block', '+1408*');
      await h.members.addListEntry(A, 'allow', B);
      expect(await refusal(h.service.send({ ...pinA, to: C, amount: '1', reference: 'r' }))).toBe(
        'PAYEE_BLOCKED',
      );
      expect((await h.service.send({ ...pinA, to: B, amount: '1', reference: 's' })).status).toBe(
        'completed',
      );
    });
  });

  describe('settlement', () => {
    it('reports net positions that sum to zero and settles them', async () => {
      const h = await world();
      await h.service.send({ ...pinA, to: B, amount: '20.55', reference: 'r1' });
      const report = await h.service.settlement({ reference: 'day1' });
      expect(report.balanced).toBe(true);
      expect(report.pool).toEqual({ cash: '100.00', obligations: '100.00' });
      expect(report.positions).toEqual([
        { bank: 'ci', obligations: '79.40', cash: '100.00', net: '-20.60' },
        { bank: 'ba', obligations: '20.55', cash: '0.00', net: '20.55' },
        { bank: 'system', obligations: '0.05', cash: '0.00', net: '0.05' },
      ]);
      const settled = await h.service.settlement({ reference: 'day1', post: true });
      expect(settled.posted).toHaveLength(3);
      const after = await h.service.settlement({ reference: 'day1-check' });
      expect(after.positions.every((p) => p.net === '0.00')).toBe(true);
      expect(await h.totals()).toEqual({ posted: 0n, pending: 0n });
    });
  });

  describe('funds', () => {
    it('loads idempotently by reference and unloads with the PIN', async () => {
      const h = await world();
      const again = await h.service.load({ msisdn: A, amount: '100.00', reference: 'cash-1' });
      expect(again.balance.available).toBe('100.00');
      expect(await refusal(h.service.load({ msisdn: A, amount: '5', reference: 'cash-1' }))).toBe(
        'IDEMPOTENCY_CONFLICT',
      );
      const out = await h.service.unload({ ...pinA, amount: '60', reference: 'atm-1' });
      expect(out.balance.available).toBe('40.00');
      expect(await refusal(h.service.unload({ ...pinA, amount: '60', reference: 'atm-2' }))).toBe(
        'INSUFFICIENT_FUNDS',
      );
      expect(await refusal(h.service.load({ msisdn: C, amount: '5', reference: 'x' }))).toBe(
        'MEMBER_UNKNOWN',
      );
      const history = await h.service.history({ ...pinA });
      expect(history.transactions.map((t) => [t.kind, t.key, t.amount])).toEqual([
        ['unload', 'debit', '60.00'],
        ['load', 'credit', '100.00'],
      ]);
    });
  });

  describe('member settings', () => {
    it('changes accept mode, tightens limits and edits lists', async () => {
      const h = await world();
      const p = await h.service.profile({
        ...pinB,
        acceptMode: 'manual',
        perTransactionLimit: '10',
      });
      expect(p).toMatchObject({
        acceptMode: 'manual',
        limits: { perTransaction: '10.00', daily: null },
      });
      expect((await h.service.send({ ...pinA, to: B, amount: '5', reference: 'x' })).status).toBe(
        'awaiting_acceptance',
      );
      await h.service.profile({ ...pinA, perTransactionLimit: '3' });
      expect(await refusal(h.service.send({ ...pinA, to: B, amount: '4', reference: 'y' }))).toBe(
        'LIMIT_PER_TRANSACTION',
      );
      await h.service.profile({ ...pinA, perTransactionLimit: '' });
      expect((await h.service.send({ ...pinA, to: B, amount: '4', reference: 'y' })).status).toBe(
        'awaiting_acceptance',
      );
      const listed = await h.service.list({
        ...pinA,
        action: 'add',
        kind: 'block',
        pattern: '+1900*',
      });
      expect(listed.block).toEqual(['+1900*']);
      expect(
        await refusal(h.service.list({ ...pinA, action: 'add', kind: 'block', pattern: '900*' })),
      ).toBe('INVALID_PARAMS');
      const removed = await h.service.list({
        ...pinA,
        action: 'remove',
        kind: 'block',
        pattern: '+1900*',
      });
      expect(removed.block).toEqual([]);
    });

    it('lets an operator unlock a member locked by wrong PINs', async () => {
      const h = await world();
      for (let i = 0; i < 3; i += 1) await refusal(h.service.balance({ msisdn: A, pin: '0000' }));
      expect(await refusal(h.service.balance(pinA))).toBe('MEMBER_LOCKED');
      expect((await h.service.unlock({ msisdn: A })).status).toBe('active');
      expect((await h.service.balance(pinA)).available).toBe('100.00');
    });
  });

  describe('expiry edges', () => {
    it('expires an unanswered request when the payer finally answers', async () => {
      const h = await world();
      const req = await h.service.request({ ...pinB, from: A, amount: '5', reference: 'late' });
      h.clock.advance(30 * 86_400_000);
      expect(await refusal(h.service.accept({ ...pinA, paymentId: req.paymentId }))).toBe(
        'PAYMENT_EXPIRED',
      );
      expect((await h.service.balance(pinA)).available).toBe('100.00');
    });

    it('does not credit a held payment whose window passed before the sweep, and returns it', async () => {
      const h = await world();
      await h.service.send({ ...pinA, to: C, amount: '15', reference: 'v1' });
      h.clock.advance(30 * 86_400_000);
      const joined = await h.service.register({ msisdn: C, pin: '3333' });
      expect(joined.claimed).toEqual([]);
      expect(joined.balance.available).toBe('0.00');
      expect((await h.service.expire()).map((p) => p.status)).toEqual(['expired']);
      expect((await h.service.balance(pinA)).available).toBe('100.00');
      const history = await h.service.history({ ...pinA, limit: 10 });
      const voids = history.transactions.filter((t) => t.void).map((t) => t.transferId);
      expect(voids).toEqual(
        expect.arrayContaining([`expiry:pay:${A}:v1`, `expiry:fee:pay:${A}:v1`]),
      );
      expect(await h.totals()).toEqual({ posted: 0n, pending: 0n });
    });

    it('refuses to accept a payment awaiting acceptance after its window', async () => {
      const h = await world();
      await h.members.setAcceptMode(B, 'manual');
      const r = await h.service.send({ ...pinA, to: B, amount: '30', reference: 'm1' });
      h.clock.advance(30 * 86_400_000);
      expect(await refusal(h.service.accept({ ...pinB, paymentId: r.paymentId }))).toBe(
        'PAYMENT_EXPIRED',
      );
      await h.service.expire();
      expect(await refusal(h.service.accept({ ...pinB, paymentId: r.paymentId }))).toBe(
        'PAYMENT_WRONG_STATE',
      );
      expect(notices(h.events)).toContain(`payment.expired>${B}`);
    });
  });

  describe('recovery of payment records from the ledger', () => {
    it('accepts a payment whose record was lost after the ledger commit', async () => {
      const h = await world();
      await h.members.setAcceptMode(B, 'manual');
      const r = await h.service.send({
        ...pinA,
        to: B,
        amount: '30',
        reference: 'm1',
        message: 'rent',
      });
      await h.forgetPayment(r.paymentId);
      const accepted = await h.service.accept({ ...pinB, paymentId: r.paymentId });
      expect(accepted).toMatchObject({
        status: 'completed',
        payer: A,
        payee: B,
        amount: '30.00',
        fee: '0.05',
      });
      expect(accepted.balance.available).toBe('30.00');
    });

    it('stops a held payment whose record was lost, and answers a retry of the send', async () => {
      const h = await world();
      const r = await h.service.send({ ...pinA, to: C, amount: '15', reference: 'v1' });
      await h.forgetPayment(r.paymentId);
      const retry = await h.service.send({ ...pinA, to: C, amount: '15', reference: 'v1' });
      expect(retry).toMatchObject({ paymentId: r.paymentId, status: 'held' });
      await h.forgetPayment(r.paymentId);
      expect(await h.service.stop({ ...pinA, paymentId: r.paymentId })).toMatchObject({
        status: 'stopped',
      });
      expect((await h.service.balance(pinA)).available).toBe('100.00');
      expect(await refusal(h.service.stop({ ...pinA, paymentId: 'pay:+1:none' }))).toBe(
        'PAYMENT_NOT_FOUND',
      );
    });

    it('credits a held payment whose record was lost when the number registers', async () => {
      const h = await world();
      const r = await h.service.send({ ...pinA, to: C, amount: '15', reference: 'v1' });
      await h.forgetPayment(r.paymentId);
      const joined = await h.service.register({ msisdn: C, pin: '3333' });
      expect(joined.claimed).toEqual([r.paymentId]);
      expect(joined.balance.available).toBe('15.00');
    });
  });
}
