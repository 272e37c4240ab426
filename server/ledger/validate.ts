// Checks on a transfer that need no stored state (TigerBeetle create_transfer validation order):
// id, flags, amount, pending id and timeout. A failure here is never stored.
import { MAX_AMOUNT } from './money.ts';
import { TransferFlags, type TransferInput, type TransferResultCode } from './types.ts';

const ID = /^[A-Za-z0-9._:@+-]{1,80}$/;
const KNOWN_FLAGS =
  TransferFlags.linked |
  TransferFlags.pending |
  TransferFlags.postPending |
  TransferFlags.voidPending;
/** Longest pending timeout accepted, in seconds (about 68 years, as TigerBeetle's u32). */
export const MAX_TIMEOUT_SECONDS = 0xffff_ffff;

/** True for a syntactically valid account or transfer id. */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && ID.test(id);
}

/** True when the transfer posts or voids an earlier pending transfer. */
export function closesPending(t: TransferInput): boolean {
  return (t.flags & (TransferFlags.postPending | TransferFlags.voidPending)) !== 0;
}

function checkFlags(flags: number): TransferResultCode | null {
  if (!Number.isInteger(flags) || flags < 0 || (flags & ~KNOWN_FLAGS) !== 0) return 'flags_invalid';
  const kinds = [TransferFlags.pending, TransferFlags.postPending, TransferFlags.voidPending];
  return kinds.filter((k) => (flags & k) !== 0).length > 1 ? 'flags_are_mutually_exclusive' : null;
}

function checkClosing(t: TransferInput, timeout: number): TransferResultCode | null {
  if (t.pendingId === undefined || t.pendingId === '') return 'pending_id_required';
  if (!isValidId(t.pendingId)) return 'pending_transfer_not_found';
  if (t.pendingId === t.id) return 'pending_id_must_be_different';
  if (timeout !== 0) return 'timeout_reserved_for_pending_transfer';
  return null;
}

function checkOpening(t: TransferInput, timeout: number): TransferResultCode | null {
  if (t.pendingId !== undefined && t.pendingId !== '') return 'pending_id_must_be_empty';
  if (t.amount === 0n) return 'amount_must_be_positive';
  if (t.debitAccountId === t.creditAccountId) return 'accounts_must_be_different';
  if (timeout !== 0 && (t.flags & TransferFlags.pending) === 0)
    return 'timeout_reserved_for_pending_transfer';
  return null;
}

/** The first stateless problem with a transfer, or null when it may go on to the stored checks. */
export function validateTransfer(t: TransferInput): TransferResultCode | null {
  if (!isValidId(t.id)) return 'id_invalid';
  const flags = checkFlags(t.flags);
  if (flags) return flags;
  if (typeof t.amount !== 'bigint' || t.amount < 0n) return 'amount_must_be_positive';
  if (t.amount > MAX_AMOUNT) return 'amount_too_large';
  const timeout = t.timeoutSeconds ?? 0;
  if (!Number.isInteger(timeout) || timeout < 0 || timeout > MAX_TIMEOUT_SECONDS)
    return 'timeout_invalid';
  return closesPending(t) ? checkClosing(t, timeout) : checkOpening(t, timeout);
}
