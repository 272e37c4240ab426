// How one transfer changes the working set (TigerBeetle create_transfer after validation):
// the idempotency check against a stored id, then balance limits, pending, post and void.
import { MAX_AMOUNT } from './money.ts';
import { closesPending } from './validate.ts';
import type { WorkingSet } from './working-set.ts';
import {
  AccountFlags,
  TransferFlags,
  type Account,
  type Transfer,
  type TransferInput,
  type TransferResultCode,
} from './types.ts';

type Field = [keyof TransferInput, TransferResultCode];
const FIELDS: readonly Field[] = [
  ['flags', 'exists_with_different_flags'],
  ['pendingId', 'exists_with_different_pending_id'],
  ['debitAccountId', 'exists_with_different_debit_account_id'],
  ['creditAccountId', 'exists_with_different_credit_account_id'],
  ['amount', 'exists_with_different_amount'],
  ['timeoutSeconds', 'exists_with_different_timeout'],
  ['ledger', 'exists_with_different_ledger'],
  ['code', 'exists_with_different_code'],
  ['userData', 'exists_with_different_user_data'],
];

/**
 * `t` as stored with its timestamp and result, written out field by field: V8 gives an object
 * spread and then extended ({...t, timestamp, result}) a map of its own, about 1 KB and 1 us each
 * time, and every transfer of every payment goes through here.
 */
export function storedTransfer(
  t: TransferInput,
  timestamp: bigint,
  result: TransferResultCode,
): Transfer {
  return {
    id: t.id,
    debitAccountId: t.debitAccountId,
    creditAccountId: t.creditAccountId,
    amount: t.amount,
    ledger: t.ledger,
    code: t.code,
    flags: t.flags,
    timestamp,
    result,
    ...(t.pendingId !== undefined ? { pendingId: t.pendingId } : {}),
    ...(t.timeoutSeconds !== undefined ? { timeoutSeconds: t.timeoutSeconds } : {}),
    ...(t.userData !== undefined ? { userData: t.userData } : {}),
  };
}

/** Fills the fields a post/void may leave empty from what was stored, so a retry compares equal. */
function normalise(t: TransferInput, stored: Transfer): TransferInput {
  if (!closesPending(t)) return t;
  return {
    ...t,
    debitAccountId: t.debitAccountId || stored.debitAccountId,
    creditAccountId: t.creditAccountId || stored.creditAccountId,
    ledger: t.ledger || stored.ledger,
    amount: t.amount === 0n ? stored.amount : t.amount,
  };
}

/** 'exists' when the same id came with the same content, else the first differing field. */
export function compareExisting(stored: Transfer, incoming: TransferInput): TransferResultCode {
  const t = normalise(incoming, stored);
  for (const [field, code] of FIELDS) {
    const a = field === 'timeoutSeconds' ? (t.timeoutSeconds ?? 0) : t[field];
    const b = field === 'timeoutSeconds' ? (stored.timeoutSeconds ?? 0) : stored[field];
    const absent = (v: unknown) => v === undefined || v === '';
    if (!(a === b || (absent(a) && absent(b)))) return code;
  }
  return 'exists';
}

function limitProblem(dr: Account, cr: Account, amount: bigint): TransferResultCode | null {
  if (dr.debitsPending + dr.debitsPosted + amount > MAX_AMOUNT) return 'overflows_balance';
  if (cr.creditsPending + cr.creditsPosted + amount > MAX_AMOUNT) return 'overflows_balance';
  if (
    (dr.flags & AccountFlags.debitsMustNotExceedCredits) !== 0 &&
    dr.debitsPending + dr.debitsPosted + amount > dr.creditsPosted
  )
    return 'exceeds_credits';
  if (
    (cr.flags & AccountFlags.creditsMustNotExceedDebits) !== 0 &&
    cr.creditsPending + cr.creditsPosted + amount > cr.debitsPosted
  )
    return 'exceeds_debits';
  return null;
}

/** Opens a posted or pending transfer; returns its result code (the caller stores it). */
export function applyOpening(
  w: WorkingSet,
  t: TransferInput,
  timestamp: bigint,
  nowMs: number,
): TransferResultCode {
  const dr = w.account(t.debitAccountId);
  if (!dr) return 'debit_account_not_found';
  const cr = w.account(t.creditAccountId);
  if (!cr) return 'credit_account_not_found';
  if (dr.ledger !== cr.ledger) return 'accounts_must_have_the_same_ledger';
  if (t.ledger !== dr.ledger) return 'transfer_must_have_the_same_ledger_as_accounts';
  const problem = limitProblem(dr, cr, t.amount);
  if (problem) return problem;
  const pending = (t.flags & TransferFlags.pending) !== 0;
  const amount = t.amount;
  w.putAccount(
    pending
      ? { ...dr, debitsPending: dr.debitsPending + amount }
      : { ...dr, debitsPosted: dr.debitsPosted + amount },
  );
  w.putAccount(
    pending
      ? { ...cr, creditsPending: cr.creditsPending + amount }
      : { ...cr, creditsPosted: cr.creditsPosted + amount },
  );
  w.addTransfer(storedTransfer(t, timestamp, 'ok'));
  if (pending) {
    const timeout = t.timeoutSeconds ?? 0;
    w.putPending({
      id: t.id,
      status: 'pending',
      expiresAt: timeout ? nowMs + timeout * 1000 : null,
    });
  }
  return 'ok';
}

function closingProblem(w: WorkingSet, t: TransferInput, p: Transfer, nowMs: number) {
  if (t.debitAccountId && t.debitAccountId !== p.debitAccountId)
    return 'pending_transfer_has_different_debit_account_id';
  if (t.creditAccountId && t.creditAccountId !== p.creditAccountId)
    return 'pending_transfer_has_different_credit_account_id';
  if (t.ledger && t.ledger !== p.ledger) return 'pending_transfer_has_different_ledger';
  const posting = (t.flags & TransferFlags.postPending) !== 0;
  if (posting && t.amount > p.amount) return 'exceeds_pending_transfer_amount';
  if (!posting && t.amount !== 0n && t.amount !== p.amount)
    return 'pending_transfer_has_different_amount';
  const state = w.pendingState(p.id);
  if (state?.status === 'posted') return 'pending_transfer_already_posted';
  if (state?.status === 'voided') return 'pending_transfer_already_voided';
  if (state?.status === 'expired') return 'pending_transfer_expired';
  if (state?.expiresAt != null && nowMs >= state.expiresAt) return 'pending_transfer_expired';
  return null;
}

/** Posts or voids a pending transfer; returns its result code. */
export function applyClosing(
  w: WorkingSet,
  t: TransferInput,
  timestamp: bigint,
  nowMs: number,
): TransferResultCode {
  const p = t.pendingId === undefined ? undefined : w.transfer(t.pendingId);
  if (!p || p.result !== 'ok') return 'pending_transfer_not_found';
  if ((p.flags & TransferFlags.pending) === 0) return 'pending_transfer_not_pending';
  const problem = closingProblem(w, t, p, nowMs);
  if (problem) return problem;
  const posting = (t.flags & TransferFlags.postPending) !== 0;
  const amount = posting ? (t.amount === 0n ? p.amount : t.amount) : p.amount;
  release(w, p, posting ? amount : 0n);
  w.putPending({ id: p.id, status: posting ? 'posted' : 'voided', expiresAt: null });
  const filled = {
    ...t,
    debitAccountId: p.debitAccountId,
    creditAccountId: p.creditAccountId,
    ledger: p.ledger,
    amount,
  };
  w.addTransfer(storedTransfer(filled, timestamp, 'ok'));
  return 'ok';
}

/** Removes a pending amount from both accounts and posts `posted` of it (0n for void/expiry). */
export function release(w: WorkingSet, p: Transfer, posted: bigint): void {
  const dr = w.account(p.debitAccountId);
  const cr = w.account(p.creditAccountId);
  if (!dr || !cr) throw new Error(`ledger corrupt: accounts of pending transfer ${p.id} missing`);
  w.putAccount({
    ...dr,
    debitsPending: dr.debitsPending - p.amount,
    debitsPosted: dr.debitsPosted + posted,
  });
  w.putAccount({
    ...cr,
    creditsPending: cr.creditsPending - p.amount,
    creditsPosted: cr.creditsPosted + posted,
  });
}
