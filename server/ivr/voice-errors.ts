// The errorResponse of the voice command table (docs/voice-protocol.md: errorCode, message) for
// every refusal of the payment service: three-digit codes in the manner of HTTP status codes, and
// the refusal's name in keypad-encodable capitals (ALPHANUMERIC_PATTERN of modem/voice/request.ts).
import type { PaymentErrorCode } from '../payments/errors.ts';

/** errorCode of each payment refusal. */
export const VOICE_ERROR_CODES: Readonly<Record<PaymentErrorCode, number>> = {
  INVALID_PARAMS: 400,
  INVALID_AMOUNT: 400,
  INVALID_MSISDN: 400,
  PIN_FORMAT: 400,
  BANK_UNKNOWN: 400,
  PIN_WRONG: 401,
  INSUFFICIENT_FUNDS: 402,
  FORBIDDEN: 403,
  MEMBER_UNKNOWN: 404,
  PAYMENT_NOT_FOUND: 404,
  MEMBER_EXISTS: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PAYMENT_WRONG_STATE: 409,
  PAYMENT_EXPIRED: 410,
  SELF_PAYMENT: 422,
  PAYEE_NOT_MEMBER: 422,
  PAYEE_BLOCKED: 422,
  PAYEE_REFUSES: 422,
  MEMBER_LOCKED: 423,
  LIMIT_PER_TRANSACTION: 429,
  LIMIT_DAILY: 429,
  LIMIT_VELOCITY: 429,
  MEMBER_BUSY: 503,
};

/** Refusals of the voice channel itself, beside the payment service's. */
export const VOICE_REFUSALS = {
  /** The request does not fit the command table. */
  badRequest: { code: 400, message: 'BAD REQUEST' },
  /** A PIN is needed and the request carries none. */
  pinRequired: { code: 401, message: 'PIN REQUIRED' },
  /** The account named is not the caller's own number. */
  notYourAccount: { code: 403, message: 'NOT YOUR ACCOUNT' },
  /** No command waits for a PIN under that transaction number. */
  nothingWaiting: { code: 404, message: 'NO COMMAND WAITING' },
  /** The PIN came after the correlation window. */
  tooLate: { code: 410, message: 'PIN TOO LATE' },
  /** A command of the table this server does not run. */
  notImplemented: { code: 501, message: 'NOT IMPLEMENTED' },
  /** Anything else: details stay in the server. */
  internal: { code: 500, message: 'INTERNAL ERROR' },
} as const;

/** A refusal as errorCode and message. */
export interface VoiceRefusal {
  readonly code: number;
  readonly message: string;
}

/** The errorResponse fields of a payment refusal: `INSUFFICIENT_FUNDS` -> 402 "INSUFFICIENT FUNDS". */
export function paymentRefusal(code: PaymentErrorCode): VoiceRefusal {
  return { code: VOICE_ERROR_CODES[code], message: code.replace(/_/g, ' ').slice(0, 32) };
}
