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
export function createRequest(
  ctx: PaymentContext,
  requester: Member,
  payerNumber: unknown,
  amount: bigint,
  id: string,
  message: string,
): Payment {
  const payer = ctx.members.get(msisdnParam(ctx, payerNumber, requester.msisdn));
  if (!payer) throw new PaymentError('PAYEE_NOT_MEMBER', 'requests can only be sent to members');
  if (payer.msisdn === requester.msisdn)
    throw new PaymentError('SELF_PAYMENT', 'cannot request from yourself');
  const stored = ctx.payments.get(id);
  if (stored) {
    if (stored.payer !== payer.msisdn || stored.amount !== amount)
      throw new PaymentError(
        'IDEMPOTENCY_CONFLICT',
        'this reference was used for a different request',
      );
    return stored;
  }
  if (listVerdict(personalLists(ctx, payer.msisdn), requester.msisdn, ctx.config.defaultCountry))
    throw new PaymentError('PAYEE_REFUSES', `${payer.msisdn} does not accept requests from you`);
  const now = ctx.clock.now();
  const parties = { payer: payer.msisdn, payee: requester.msisdn };
  const expiresAt = now + ctx.config.requestDays * DAY_MS;
  const base = { id, kind: 'request' as const, ...parties, amount, fee: 0n, message };
  const request = ctx.payments.insert({
    ...base,
    status: 'requested',
    createdAt: now,
    expiresAt,
    settledBy: null,
  });
  emitNotice(ctx, 'payment.requested', payer.msisdn, id, amount, requester.msisdn, message);
  return request;
}

function openRequest(ctx: PaymentContext, payer: string, id: unknown): Payment {
  const r = typeof id === 'string' ? ctx.payments.get(id) : undefined;
  if (!r || r.kind !== 'request' || r.payer !== payer)
    throw new PaymentError('PAYMENT_NOT_FOUND', 'no such request for you');
  if (r.status === 'requested' && r.expiresAt !== null && ctx.clock.now() >= r.expiresAt) {
    ctx.payments.transition(r.id, ['requested'], 'expired');
    throw new PaymentError('PAYMENT_EXPIRED', 'the request has expired');
  }
  return r;
}

/** True when `id` names a request (rather than a payment waiting for acceptance). */
export function isRequest(ctx: PaymentContext, id: unknown): boolean {
  return typeof id === 'string' && ctx.payments.get(id)?.kind === 'request';
}

/** The payer accepts a request: the payment runs now and is credited to the requester at once. */
export async function acceptRequest(
  ctx: PaymentContext,
  payer: Member,
  id: unknown,
): Promise<Payment> {
  const r = openRequest(ctx, payer.msisdn, id);
  if (r.status === 'accepted' && r.settledBy) return ctx.payments.get(r.settledBy) ?? r;
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
  ctx.payments.transition(r.id, ['requested'], 'accepted', payment.id);
  emitNotice(ctx, 'payment.accepted', r.payee, r.id, r.amount, payer.msisdn, r.message);
  return payment;
}

/** The payer declines a request; the requester is told. */
export function declineRequest(ctx: PaymentContext, payer: Member, id: unknown): Payment {
  const r = openRequest(ctx, payer.msisdn, id);
  if (!ctx.payments.transition(r.id, ['requested'], 'declined'))
    throw new PaymentError('PAYMENT_WRONG_STATE', `the request is ${r.status}`);
  emitNotice(ctx, 'payment.declined', r.payee, r.id, r.amount, payer.msisdn, r.message);
  return ctx.payments.get(r.id) ?? r;
}
