// Refusals of payment operations: a stable code for programs (and the JSON-RPC error data) and
// one line for people. Internal failures are plain Errors and never reach a client in detail.

/** Every refusal code, in the order they are documented. */
export const PAYMENT_ERROR_CODES = [
  'INVALID_PARAMS',
  'INVALID_AMOUNT',
  'INVALID_MSISDN',
  'MEMBER_UNKNOWN',
  'MEMBER_EXISTS',
  'MEMBER_LOCKED',
  'MEMBER_BUSY',
  'PIN_WRONG',
  'PIN_FORMAT',
  'BANK_UNKNOWN',
  'SELF_PAYMENT',
  'PAYEE_NOT_MEMBER',
  'PAYEE_BLOCKED',
  'PAYEE_REFUSES',
  'LIMIT_PER_TRANSACTION',
  'LIMIT_DAILY',
  'LIMIT_VELOCITY',
  'INSUFFICIENT_FUNDS',
  'IDEMPOTENCY_CONFLICT',
  'PAYMENT_NOT_FOUND',
  'PAYMENT_WRONG_STATE',
  'PAYMENT_EXPIRED',
  'FORBIDDEN',
] as const;

export type PaymentErrorCode = (typeof PAYMENT_ERROR_CODES)[number];

/** A refusal the caller can act on. */
export class PaymentError extends Error {
  override readonly name = 'PaymentError';
  constructor(
    readonly code: PaymentErrorCode,
    message: string,
  ) {
    super(message);
  }
}
