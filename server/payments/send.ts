// payment.send (SOURCE-NOTES P-01..P-03, VR-06, U-08, U-09, FR-03..FR-06): checks the payer's
// lists and limits and the payee's lists, then pays at once (auto accept), reserves until the payee
// accepts (manual accept), or holds for a non-member until registration or expiry.
import { AccountFlags, TransferFlags, type TransferInput } from '../ledger/types.ts';
import {
  AccountCode,
  FEES_ACCOUNT_ID,
  heldAccountId,
  walletAccountId,
} from '../members/accounts.ts';
import type { Member } from '../members/types.ts';
import { feeFor } from '../rules/fees.ts';
import { checkLimits, effectiveLimits } from '../rules/limits.ts';
import { listVerdict, type PersonalLists } from '../rules/lists.ts';
import {
  announceBalances,
  commit,
  ids,
  money,
  transfer,
  TransferCode,
  type PaymentContext,
} from './context.ts';
import { PaymentError } from './errors.ts';
import type { NoticeKind } from './events.ts';
import type { Payment, PaymentStatus } from './payment-store.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A payment to make, after authentication and parameter checks. */
export interface SendOrder {
  readonly id: string;
  readonly payer: Member;
  readonly payee: string;
  readonly amount: bigint;
  readonly message: string;
  /** Credit at once even if the payee accepts manually (the payee asked for this payment). */
  readonly accepted?: boolean;
}

/** A member's block and allow lists. */
export function personalLists(ctx: PaymentContext, msisdn: string): Promise<PersonalLists> {
  return ctx.members.lists(msisdn);
}

async function checkRules(
  ctx: PaymentContext,
  order: SendOrder,
  fee: bigint,
  payee: Member | undefined,
): Promise<void> {
  const home = ctx.config.defaultCountry;
  if (listVerdict(await personalLists(ctx, order.payer.msisdn), order.payee, home))
    throw new PaymentError('PAYEE_BLOCKED', `${order.payee} is not allowed by your lists`);
  const now = ctx.clock.now();
  const sent = await ctx.payments.sentSince(order.payer.msisdn, now - DAY_MS, now - HOUR_MS);
  const refusal = checkLimits(
    order.amount + fee,
    effectiveLimits(ctx.config.limits, order.payer.limits),
    {
      sentLast24h: sent.total,
      countLastHour: sent.count,
    },
  );
  if (refusal) throw new PaymentError(refusal, 'the payment exceeds a sending limit');
  if (payee && listVerdict(await personalLists(ctx, payee.msisdn), order.payer.msisdn, home)) {
    notice(ctx, 'payment.refused', order.payer.msisdn, order, payee.msisdn);
    throw new PaymentError('PAYEE_REFUSES', `${payee.msisdn} does not accept payments from you`);
  }
}

function notice(
  ctx: PaymentContext,
  kind: NoticeKind,
  to: string,
  order: SendOrder,
  other: string,
) {
  emitNotice(ctx, kind, to, order.id, order.amount, other, order.message);
}

/** Emits one notice to one party. */
export function emitNotice(
  ctx: PaymentContext,
  kind: NoticeKind,
  to: string,
  paymentId: string,
  amount: bigint,
  counterparty: string,
  message: string,
): void {
  const text = message ? { message } : {};
  ctx.emit({
    type: 'notice',
    kind,
    to,
    paymentId,
    amount: money(ctx, amount),
    counterparty,
    ...text,
  });
}

async function ensureHeldAccount(ctx: PaymentContext, payee: string): Promise<void> {
  const [r] = await ctx.ledger.createAccounts([
    {
      id: heldAccountId(payee),
      ledger: ctx.config.currency,
      code: AccountCode.held,
      flags: AccountFlags.debitsMustNotExceedCredits,
    },
  ]);
  if (r?.result !== 'ok' && r?.result !== 'exists')
    throw new Error(`held account refused: ${r?.result}`);
}

function transfersFor(
  ctx: PaymentContext,
  order: SendOrder,
  fee: bigint,
  credit: string,
  pending: boolean,
) {
  const timeoutSeconds = pending ? ctx.config.holdDays * 86_400 : 0;
  const flags = pending ? TransferFlags.pending : TransferFlags.none;
  const from = walletAccountId(order.payer.msisdn);
  const batch: TransferInput[] = [
    transfer(ctx, {
      id: order.id,
      debitAccountId: from,
      creditAccountId: credit,
      amount: order.amount,
      code: TransferCode.payment,
      timeoutSeconds,
      flags: flags | (fee > 0n ? TransferFlags.linked : 0),
      userData: order.payee,
    }),
  ];
  if (fee > 0n)
    batch.push(
      transfer(ctx, {
        id: ids.fee(order.id),
        debitAccountId: from,
        creditAccountId: FEES_ACCOUNT_ID,
        amount: fee,
        code: TransferCode.fee,
        timeoutSeconds,
        flags,
        userData: order.id,
      }),
    );
  return batch;
}

/** The stored payment for a retried order, or undefined for a new one. */
async function replayOf(ctx: PaymentContext, order: SendOrder): Promise<Payment | undefined> {
  const stored = await ctx.payments.get(order.id);
  if (stored && (stored.payee !== order.payee || stored.amount !== order.amount))
    throw new PaymentError(
      'IDEMPOTENCY_CONFLICT',
      'this reference was used for a different payment',
    );
  return stored;
}

function statusFor(payee: Member | undefined, order: SendOrder): PaymentStatus {
  if (!payee) return 'held';
  return payee.acceptMode === 'manual' && !order.accepted ? 'awaiting_acceptance' : 'completed';
}

async function commitOrNotify(
  ctx: PaymentContext,
  order: SendOrder,
  batch: TransferInput[],
  record: () => Promise<void>,
) {
  try {
    return await commit(ctx, batch, record);
  } catch (error) {
    if (error instanceof PaymentError)
      notice(ctx, 'payment.failed', order.payer.msisdn, order, order.payee);
    throw error;
  }
}

function paymentOf(ctx: PaymentContext, order: SendOrder, fee: bigint, status: PaymentStatus) {
  const now = ctx.clock.now();
  const expiresAt = status === 'completed' ? null : now + ctx.config.holdDays * DAY_MS;
  const { id, payee, amount, message } = order;
  const payer = order.payer.msisdn;
  return {
    id,
    kind: 'send' as const,
    payer,
    payee,
    amount,
    fee,
    status,
    message,
    createdAt: now,
    expiresAt,
    settledBy: null,
  };
}

/** Executes a send order; the caller holds the payer's lock and checked the PIN. */
export async function executeSend(ctx: PaymentContext, order: SendOrder): Promise<Payment> {
  const stored = await replayOf(ctx, order);
  if (stored) return stored;
  if (order.payee === order.payer.msisdn)
    throw new PaymentError('SELF_PAYMENT', 'cannot pay yourself');
  const payee = await ctx.members.get(order.payee);
  const fee = feeFor(order.amount, ctx.config.fees);
  await checkRules(ctx, order, fee, payee);
  const status = statusFor(payee, order);
  if (!payee) await ensureHeldAccount(ctx, order.payee);
  const credit = payee ? walletAccountId(payee.msisdn) : heldAccountId(order.payee);
  const batch = transfersFor(ctx, order, fee, credit, status !== 'completed');
  const payment: Payment = paymentOf(ctx, order, fee, status);
  const results = await commitOrNotify(ctx, order, batch, () => ctx.payments.add(payment));
  announceBalances(ctx, batch, results);
  announceSend(ctx, order, status);
  return payment;
}

function announceSend(ctx: PaymentContext, order: SendOrder, status: PaymentStatus): void {
  const payer = order.payer.msisdn;
  if (status === 'completed') {
    notice(ctx, 'payment.sent', payer, order, order.payee);
    notice(ctx, 'payment.received', order.payee, order, payer);
  } else {
    notice(ctx, status === 'held' ? 'payment.held' : 'payment.pending', payer, order, order.payee);
    notice(ctx, 'payment.pending', order.payee, order, payer);
  }
}
