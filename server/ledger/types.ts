// Double-entry ledger records with TigerBeetle's account and transfer semantics: balances are
// four derived counters, transfers are immutable, and a transfer id is its idempotency key.

/** Account flags (TigerBeetle AccountFlags). */
export const AccountFlags = {
  none: 0,
  /** The account may never show more debits (posted + pending) than posted credits: no overdraft. */
  debitsMustNotExceedCredits: 1 << 1,
  /** The account may never show more credits (posted + pending) than posted debits. */
  creditsMustNotExceedDebits: 1 << 2,
} as const;

/** Transfer flags (TigerBeetle TransferFlags). */
export const TransferFlags = {
  none: 0,
  /** This event succeeds or fails with the next one in the batch; the chain ends at an unlinked event. */
  linked: 1 << 0,
  /** Reserve the amount as pending balances until posted, voided or expired. */
  pending: 1 << 1,
  /** Post (all or part of) the pending transfer named by `pendingId`. */
  postPending: 1 << 2,
  /** Void the pending transfer named by `pendingId`. */
  voidPending: 1 << 3,
} as const;

/** What a caller asks for when opening an account. */
export interface AccountInput {
  readonly id: string;
  /** Currency or book, e.g. "USD"; transfers move money only between accounts of one ledger. */
  readonly ledger: string;
  /** Kind of account chosen by the application (member wallet, pool, fee income, …). */
  readonly code: number;
  readonly flags: number;
  readonly userData?: string;
}

/** An account with its derived balances (minor units). */
export interface Account extends AccountInput {
  readonly debitsPending: bigint;
  readonly debitsPosted: bigint;
  readonly creditsPending: bigint;
  readonly creditsPosted: bigint;
  readonly timestamp: bigint;
}

/** What a caller asks for when moving money. */
export interface TransferInput {
  readonly id: string;
  /** Empty on post/void to take the pending transfer's accounts. */
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  /** Minor units; on post/void 0n means the full pending amount. */
  readonly amount: bigint;
  readonly pendingId?: string;
  /** Seconds a pending transfer stays open; 0 means no expiry. */
  readonly timeoutSeconds?: number;
  readonly ledger: string;
  readonly code: number;
  readonly flags: number;
  readonly userData?: string;
}

/** A stored transfer: its input, the time the ledger assigned and the first result it got. */
export interface Transfer extends TransferInput {
  readonly timestamp: bigint;
  readonly result: TransferResultCode;
}

/** Status of a pending transfer. */
export type PendingStatus = 'pending' | 'posted' | 'voided' | 'expired';

export interface PendingState {
  readonly id: string;
  readonly status: PendingStatus;
  /** Clock milliseconds at which the pending transfer expires, or null if it never does. */
  readonly expiresAt: number | null;
}

export type AccountResultCode =
  | 'ok'
  | 'exists'
  | 'exists_with_different_ledger'
  | 'exists_with_different_code'
  | 'exists_with_different_flags'
  | 'exists_with_different_user_data'
  | 'id_invalid'
  | 'ledger_invalid'
  | 'flags_are_mutually_exclusive'
  | 'linked_event_failed';

export type TransferResultCode =
  | 'ok'
  | 'exists'
  | 'exists_with_different_debit_account_id'
  | 'exists_with_different_credit_account_id'
  | 'exists_with_different_amount'
  | 'exists_with_different_pending_id'
  | 'exists_with_different_timeout'
  | 'exists_with_different_ledger'
  | 'exists_with_different_code'
  | 'exists_with_different_flags'
  | 'exists_with_different_user_data'
  | 'id_invalid'
  | 'flags_invalid'
  | 'flags_are_mutually_exclusive'
  | 'accounts_must_be_different'
  | 'amount_must_be_positive'
  | 'amount_too_large'
  | 'pending_id_required'
  | 'pending_id_must_be_empty'
  | 'pending_id_must_be_different'
  | 'timeout_invalid'
  | 'timeout_reserved_for_pending_transfer'
  | 'debit_account_not_found'
  | 'credit_account_not_found'
  | 'accounts_must_have_the_same_ledger'
  | 'transfer_must_have_the_same_ledger_as_accounts'
  | 'pending_transfer_not_found'
  | 'pending_transfer_not_pending'
  | 'pending_transfer_has_different_debit_account_id'
  | 'pending_transfer_has_different_credit_account_id'
  | 'pending_transfer_has_different_ledger'
  | 'exceeds_pending_transfer_amount'
  | 'pending_transfer_has_different_amount'
  | 'pending_transfer_already_posted'
  | 'pending_transfer_already_voided'
  | 'pending_transfer_expired'
  | 'overflows_balance'
  | 'exceeds_credits'
  | 'exceeds_debits'
  | 'linked_event_failed'
  | 'linked_event_chain_open';

/** One result per event of a batch, in batch order. */
export interface TransferResult {
  readonly id: string;
  readonly result: TransferResultCode;
  /** Ledger time of the stored transfer (absent when the event was not stored). */
  readonly timestamp?: bigint;
  /** True when this id was seen before with the same content: the first result is returned again. */
  readonly replayed: boolean;
}

export interface AccountResult {
  readonly id: string;
  readonly result: AccountResultCode;
}

/** A pending transfer that timed out and was released by `expirePending`. */
export interface ExpiredTransfer {
  readonly id: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amount: bigint;
  /** Ledger time of the void transfer `expiry:<id>` that records the release. */
  readonly timestamp: bigint;
  readonly userData?: string;
}

/** Query for one account's transfers, newest first. */
export interface HistoryQuery {
  readonly accountId: string;
  readonly limit: number;
  /** Only transfers with a timestamp strictly below this one (paging). */
  readonly before?: bigint;
}
