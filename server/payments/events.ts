// Notifications the payment service emits after a commit: one per party (payer and payee), and
// balance changes with a per-account version (the ledger time of the latest change).

/** What happened, as told to one member. */
export type NoticeKind =
  | 'payment.sent'
  | 'payment.received'
  | 'payment.pending'
  | 'payment.held'
  | 'payment.requested'
  | 'payment.accepted'
  | 'payment.declined'
  | 'payment.stopped'
  | 'payment.expired'
  | 'payment.claimed'
  | 'payment.refused'
  | 'payment.failed';

/** A notice for one member. */
export interface Notice {
  readonly type: 'notice';
  readonly kind: NoticeKind;
  /** E.164 number of the member (or non-member) to tell. */
  readonly to: string;
  readonly paymentId: string;
  readonly amount: string;
  readonly counterparty: string;
  readonly message?: string;
}

/** A member's balance changed; `version` orders changes of one account. */
export interface BalanceChange {
  readonly type: 'balance';
  readonly msisdn: string;
  readonly version: bigint;
}

export type ServerEvent = Notice | BalanceChange;

/** Receives events after the change they describe is durable. */
export type EventSink = (event: ServerEvent) => void;
