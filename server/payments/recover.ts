// Rebuilds a payment record from the ledger when the server stopped between the ledger commit
// and the record write: the transfers are the truth, the record is derived from them.
import { TransferFlags, type PendingState, type Transfer } from '../ledger/types.ts';
import { ids, TransferCode, type PaymentContext } from './context.ts';
import type { Payment, PaymentStatus } from './payment-store.ts';

function statusOf(main: Transfer, state: PendingState | undefined): PaymentStatus {
  if ((main.flags & TransferFlags.pending) === 0) return 'completed';
  if (state?.status === 'pending')
    return main.creditAccountId.startsWith('held:') ? 'held' : 'awaiting_acceptance';
  if (state?.status === 'posted') return 'completed';
  return state?.status === 'expired' ? 'expired' : 'stopped';
}

/** The payment `id` rebuilt from its ledger transfers and stored, or undefined if there are none. */
export async function recoverPayment(
  ctx: PaymentContext,
  id: string,
): Promise<Payment | undefined> {
  const [main, fee] = await ctx.ledger.lookupTransfers([id, ids.fee(id)]);
  if (!main || main.id !== id || main.result !== 'ok' || main.code !== TransferCode.payment)
    return undefined;
  if (!main.debitAccountId.startsWith('wallet:') || main.pendingId) return undefined;
  const [state] = await ctx.ledger.lookupPending([id]);
  return ctx.payments.insert({
    id,
    kind: 'send',
    payer: main.debitAccountId.slice('wallet:'.length),
    payee: main.userData ?? main.creditAccountId.slice(main.creditAccountId.indexOf(':') + 1),
    amount: main.amount,
    fee: fee?.id === ids.fee(id) && fee.result === 'ok' ? fee.amount : 0n,
    status: statusOf(main, state),
    message: '',
    createdAt: Number(main.timestamp / 1000n),
    expiresAt: state?.expiresAt ?? null,
    settledBy: null,
  });
}

/** Rebuilds lost records of payments still held for `e164`, so registration can claim them. */
export async function recoverHeld(ctx: PaymentContext, e164: string): Promise<void> {
  const held = `held:${e164}`;
  const transfers = await ctx.ledger.accountTransfers({ accountId: held, limit: 1000 });
  for (const t of transfers) {
    const waiting = (t.flags & TransferFlags.pending) !== 0 && t.creditAccountId === held;
    if (waiting && t.code === TransferCode.payment && !(await ctx.payments.get(t.id)))
      await recoverPayment(ctx, t.id);
  }
}
