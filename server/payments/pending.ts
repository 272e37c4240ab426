// Payments that wait (SOURCE-NOTES P-02, P-10, VR-06, VR-09, VR-10): the payee accepts or declines
// a reserved payment, the payer stops one, held payments are claimed when the number registers,
// and the ledger's expiry returns them after the hold window.
import { TransferFlags, type TransferInput } from '../ledger/types.ts';
import { heldAccountId, walletAccountId } from '../members/accounts.ts';
import {
  announceBalances,
  commit,
  ids,
  transfer,
  TransferCode,
  type PaymentContext,
} from './context.ts';
import { PaymentError } from './errors.ts';
import type { BalanceChange, NoticeKind } from './events.ts';
import type { Payment, PaymentStatus } from './payment-store.ts';
import { recoverHeld, recoverPayment } from './recover.ts';
import { emitNotice } from './send.ts';

/** Linked post (or void) of a payment's pending transfer and its pending fee. */
export function closeBatch(ctx: PaymentContext, p: Payment, post: boolean): TransferInput[] {
  const kind = post ? TransferFlags.postPending : TransferFlags.voidPending;
  const name = post ? ids.post : ids.void;
  const pendingIds = p.fee > 0n ? [p.id, ids.fee(p.id)] : [p.id];
  return pendingIds.map((pendingId, i) =>
    transfer(ctx, {
      id: name(pendingId),
      debitAccountId: '',
      creditAccountId: '',
      amount: 0n,
      pendingId,
      code: i === 0 ? TransferCode.payment : TransferCode.fee,
      flags: kind | (i < pendingIds.length - 1 ? TransferFlags.linked : 0),
    }),
  );
}

function tell(ctx: PaymentContext, kind: NoticeKind, to: string, p: Payment, other: string) {
  emitNotice(ctx, kind, to, p.id, p.amount, other, p.message);
}

async function find(ctx: PaymentContext, id: unknown, states: readonly PaymentStatus[]) {
  if (typeof id !== 'string') throw new PaymentError('PAYMENT_NOT_FOUND', 'no such payment');
  const p = (await ctx.payments.get(id)) ?? (await recoverPayment(ctx, id));
  if (!p) throw new PaymentError('PAYMENT_NOT_FOUND', 'no such payment');
  if (!states.includes(p.status))
    throw new PaymentError('PAYMENT_WRONG_STATE', `the payment is ${p.status}`);
  return p;
}

/** Closes a waiting payment: posts it (accept) or voids it (decline, stop). */
async function close(
  ctx: PaymentContext,
  p: Payment,
  post: boolean,
  to: PaymentStatus,
): Promise<void> {
  const batch = closeBatch(ctx, p, post);
  const results = await commit(ctx, batch);
  await ctx.payments.transition(p.id, ['awaiting_acceptance', 'held'], to);
  announceBalances(ctx, batch, results);
}

/** The payee accepts a payment waiting for manual acceptance. */
export async function acceptIncoming(
  ctx: PaymentContext,
  payee: string,
  id: unknown,
): Promise<Payment> {
  const p = await find(ctx, id, ['awaiting_acceptance']);
  if (p.payee !== payee) throw new PaymentError('PAYMENT_NOT_FOUND', 'no such payment for you');
  await close(ctx, p, true, 'completed');
  tell(ctx, 'payment.accepted', p.payer, p, p.payee);
  tell(ctx, 'payment.received', p.payee, p, p.payer);
  return (await ctx.payments.get(p.id)) ?? p;
}

/** The payee declines a payment waiting for manual acceptance; the reservation is released. */
export async function declineIncoming(
  ctx: PaymentContext,
  payee: string,
  id: unknown,
): Promise<Payment> {
  const p = await find(ctx, id, ['awaiting_acceptance']);
  if (p.payee !== payee) throw new PaymentError('PAYMENT_NOT_FOUND', 'no such payment for you');
  await close(ctx, p, false, 'declined');
  tell(ctx, 'payment.declined', p.payer, p, p.payee);
  return (await ctx.payments.get(p.id)) ?? p;
}

/** The payer stops a payment that is held for a non-member or awaiting acceptance. */
export async function stopPayment(
  ctx: PaymentContext,
  payer: string,
  id: unknown,
): Promise<Payment> {
  const p = await find(ctx, id, ['awaiting_acceptance', 'held']);
  if (p.payer !== payer) throw new PaymentError('PAYMENT_NOT_FOUND', 'no such payment of yours');
  await close(ctx, p, false, 'stopped');
  tell(ctx, 'payment.stopped', p.payee, p, p.payer);
  return (await ctx.payments.get(p.id)) ?? p;
}

/** Credits a newly registered member with the payments held for the number. */
export async function claimHeld(ctx: PaymentContext, msisdn: string): Promise<Payment[]> {
  const claimed: Payment[] = [];
  await recoverHeld(ctx, msisdn);
  for (const p of await ctx.payments.heldFor(msisdn)) {
    const closing = closeBatch(ctx, p, true).map((t) => ({
      ...t,
      flags: t.flags | TransferFlags.linked,
    }));
    const move = transfer(ctx, {
      id: ids.claim(p.id),
      debitAccountId: heldAccountId(msisdn),
      creditAccountId: walletAccountId(msisdn),
      amount: p.amount,
      code: TransferCode.claim,
      userData: p.id,
    });
    const batch = [...closing, move];
    try {
      announceBalances(ctx, batch, await commit(ctx, batch));
    } catch (error) {
      if (error instanceof PaymentError && error.code === 'PAYMENT_EXPIRED') continue;
      throw error;
    }
    await ctx.payments.transition(p.id, ['held'], 'claimed');
    tell(ctx, 'payment.claimed', p.payer, p, msisdn);
    tell(ctx, 'payment.received', msisdn, p, p.payer);
    claimed.push((await ctx.payments.get(p.id)) ?? p);
  }
  return claimed;
}

/** Returns expired reservations to their payers; returns the payments that expired. */
export async function expirePayments(ctx: PaymentContext, limit = 500): Promise<Payment[]> {
  const expired = await ctx.ledger.expirePending(limit);
  const out: Payment[] = [];
  for (const e of expired) {
    for (const id of [e.debitAccountId, e.creditAccountId]) {
      if (!id.startsWith('wallet:')) continue;
      const change: BalanceChange = { type: 'balance', msisdn: id.slice(7), version: e.timestamp };
      ctx.emit(change);
    }
    const p = await ctx.payments.get(e.id);
    if (!p || !(await ctx.payments.transition(p.id, ['held', 'awaiting_acceptance'], 'expired')))
      continue;
    tell(ctx, 'payment.expired', p.payer, p, p.payee);
    tell(ctx, 'payment.expired', p.payee, p, p.payer);
    out.push((await ctx.payments.get(p.id)) ?? p);
  }
  return out;
}
