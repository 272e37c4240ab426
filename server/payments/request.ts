// Request-pay (SOURCE-NOTES P-04..P-07, E-08 payRequestPay): a member asks another member for an
// amount; the payer accepts (the payment runs and is credited at once) or declines; the requester
// is told either way. Requests to non-members are refused; unanswered requests expire.
import { msisdnParam, type PaymentContext } from './context.ts';
import { PaymentError } from './errors.ts';
import type { Payment } from './payment-store.ts';
import { emitNotice, executeSend, personalLists } from './send.ts';
import { listVerdict } from '../rules/lists.ts';
import type { Member } from '../members/types.ts';

const DAY_MS = 86_400_000;

/** Records a request from `requester` to `payerNumber` for `amount`. */
export async function createRequest(
  ctx: PaymentContext,
  requester: Member,
  payerNumber: unknown,
  amount: bigint,
  id: string,
  message: string,
): Promise<Payment> {
  const payer = await ctx.members.get(msisdnParam(ctx, payerNumber, requester.msisdn));
  if (!payer) throw new PaymentError('PAYEE_NOT_MEMBER', 'requests can only be sent to members');
  if (payer.msisdn === requester.msisdn)
    throw new PaymentError('SELF_PAYMENT', 'cannot request from yourself');
  const stored = await ctx.payments.get(id);
  if (stored) {
    if (stored.payer !== payer.msisdn || stored.amount !== amount)
      throw new PaymentError(
        'IDEMPOTENCY_CONFLICT',
        'this reference was used for a different request',
      );
    return stored;
  }
  const lists = await personalLists(ctx, payer.msisdn);
  if (listVerdict(lists, requester.msisdn, ctx.config.defaultCountry))
    throw new PaymentError('PAYEE_REFUSES', `${payer.msisdn} does not accept requests from you`);
  const now = ctx.clock.now();
  const parties = { payer: payer.msisdn, payee: requester.msisdn };
  const expiresAt = now + ctx.config.requestDays * DAY_MS;
  const base = { id, kind: 'request' as const, ...parties, amount, fee: 0n, message };
  const request = await ctx.payments.insert({
    ...base,
    status: 'requested',
    createdAt: now,
    expiresAt,
    settledBy: null,
  });
  emitNotice(ctx, 'payment.requested', payer.msisdn, id, amount, requester.msisdn, message);
  return request;
}

async function openRequest(ctx: PaymentContext, payer: string, id: unknown): Promise<Payment> {
  const r = typeof id === 'string' ? await ctx.payments.get(id) : undefined;
  if (!r || r.kind !== 'request' || r.payer !== payer)
    throw new PaymentError('PAYMENT_NOT_FOUND', 'no such request for you');
  if (r.status === 'requested' && r.expiresAt !== null && ctx.clock.now() >= r.expiresAt) {
    await ctx.payments.transition(r.id, ['requested'], 'expired');
    throw new PaymentError('PAYMENT_EXPIRED', 'the request has expired');
  }
  return r;
}

/** True when `id` names a request (rather than a payment waiting for acceptance). */
export async function isRequest(ctx: PaymentContext, id: unknown): Promise<boolean> {
  return typeof id === 'string' && (await ctx.payments.get(id))?.kind === 'request';
}

/** The payer accepts a request: the payment runs now and is credited to the requester at once. */
export async function acceptRequest(
  ctx: PaymentContext,
  payer: Member,
  id: unknown,
): Promise<Payment> {
  const r = await openRequest(ctx, payer.msisdn, id);
  if (r.status === 'accepted' && r.settledBy) return (await ctx.payments.get(r.settledBy)) ?? r;
  if (r.status !== 'requested')
    throw new PaymentError('PAYMENT_WRONG_STATE', `the request is ${r.status}`);
  const order = {
    id: `paid:${r.id}`,
    payer,
    payee: r.payee,
    amount: r.amount,
    message: r.message,
    accepted: true,
  };
  const payment = await executeSend(ctx, order);
  await ctx.payments.transition(r.id, ['requested'], 'accepted', payment.id);
  emitNotice(ctx, 'payment.accepted', r.payee, r.id, r.amount, payer.msisdn, r.message);
  return payment;
}

/** The payer declines a request; the requester is told. */
export async function declineRequest(
  ctx: PaymentContext,
  payer: Member,
  id: unknown,
): Promise<Payment> {
  const r = await openRequest(ctx, payer.msisdn, id);
  if (!(await ctx.payments.transition(r.id, ['requested'], 'declined')))
    throw new PaymentError('PAYMENT_WRONG_STATE', `the request is ${r.status}`);
  emitNotice(ctx, 'payment.declined', r.payee, r.id, r.amount, payer.msisdn, r.message);
  return (await ctx.payments.get(r.id)) ?? r;
}
