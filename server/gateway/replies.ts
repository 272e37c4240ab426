// Texts the gateway sends (SOURCE-NOTES A-03, E-06, M-05, VR-02, VR-13, PIN-06): short enough to
// fit one secured SMS where possible, and built only from results, never from what was typed, so
// a PIN can never appear in a reply.
import type { PaymentErrorCode } from '../payments/errors.ts';

/** Help listing the keywords (SMS-02..SMS-06). */
export const HELP_TEXT =
  'PAY amount number [message] | REQUEST amount number | BAL | HISTORY | ACCEPT n | DECLINE n | ' +
  'INVITE number | JOIN. End with PIN nnnn.';

/** Appended when the PIN travelled in the same plain SMS (PIN-06). */
export const DELETE_ADVICE = ' Please delete your sent SMS: it held your PIN.';

/** Every refusal code has its text, so no member is left with a bare "refused". */
const REFUSALS: Readonly<Record<PaymentErrorCode, string>> = {
  INVALID_PARAMS: 'The request is not complete; reply HELP for the commands.',
  MEMBER_BUSY: 'Another request for your number is still running; send this again in a minute.',
  BANK_UNKNOWN: 'That bank is not part of simpay.',
  FORBIDDEN: 'This number may not do that.',
  PIN_WRONG: 'Wrong PIN.',
  MEMBER_LOCKED: 'Your account is locked after wrong PINs; call customer service.',
  MEMBER_UNKNOWN: 'This number is not registered. Reply JOIN PIN nnnn to join.',
  MEMBER_EXISTS: 'This number is already registered.',
  PIN_FORMAT: 'A PIN is 4 to 8 digits.',
  INSUFFICIENT_FUNDS: 'Not enough balance.',
  SELF_PAYMENT: 'You cannot pay yourself.',
  PAYEE_NOT_MEMBER: 'Requests go to members only; send INVITE number first.',
  PAYEE_BLOCKED: 'Your lists do not allow this number.',
  PAYEE_REFUSES: 'The recipient does not accept this from you.',
  LIMIT_PER_TRANSACTION: 'Over your per-payment limit.',
  LIMIT_DAILY: 'Over your daily limit.',
  LIMIT_VELOCITY: 'Too many payments this hour.',
  INVALID_AMOUNT: 'The amount is not valid.',
  INVALID_MSISDN: 'The number is not valid.',
  PAYMENT_NOT_FOUND: 'No such payment for you.',
  PAYMENT_WRONG_STATE: 'That payment is already settled.',
  PAYMENT_EXPIRED: 'That payment has expired.',
  IDEMPOTENCY_CONFLICT: 'This message was already used for another payment.',
};

/** The member-facing text of a refusal code. */
export function refusalText(code: PaymentErrorCode): string {
  return REFUSALS[code];
}

/** Reply to a payment, by its status. */
export function sentText(
  status: string,
  amount: string,
  payee: string,
  balance: string,
  holdDays: number,
): string {
  if (status === 'held')
    return `Sent ${amount} to ${payee}, held ${holdDays} days until they join. Balance ${balance}`;
  if (status === 'awaiting_acceptance')
    return `Sent ${amount} to ${payee}, waiting for them to accept. Balance ${balance}`;
  return `Paid ${amount} to ${payee}. Balance ${balance}`;
}

/** The invitation a non-member receives with a held payment (VR-02, VR-13). */
export function invitationText(payer: string, amount: string, holdDays: number): string {
  return (
    `${payer} sent you ${amount} with simpay. To claim it within ${holdDays} days, ` +
    'reply JOIN PIN followed by a new 4-8 digit PIN.'
  );
}

/** A referral sent with INVITE (SMS-05). */
export function referralText(referrer: string): string {
  return `${referrer} invites you to simpay. Reply JOIN PIN followed by a new 4-8 digit PIN.`;
}

/** Tells a member about a request or a payment waiting for acceptance. */
export function answerPrompt(
  what: 'asks you for' | 'sent you',
  who: string,
  amount: string,
  handle: number,
  message: string,
): string {
  const note = message ? ` (${message.slice(0, 40)})` : '';
  return `${who} ${what} ${amount}${note}. Reply ACCEPT ${handle} or DECLINE ${handle} with PIN nnnn.`;
}
