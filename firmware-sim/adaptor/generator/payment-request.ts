// The payment request the adaptor collects and sends in a secured SMS: keyword, amount, target,
// optional message, PIN (the transfer syntax "keyword amount target message", one space between
// items), and its text form inside the packet: the request line, then "PIN" and the PIN.
import { decodeGsm7Septets, encodeGsm7Septets } from '../../../protocol/sms/gsm7-alphabet.ts';

export type PaymentKeyword = 'PAY' | 'REQUEST' | 'BALANCE' | 'HISTORY';

/** Keywords in the order of the menu entries. */
export const PAYMENT_KEYWORDS: readonly PaymentKeyword[] = ['PAY', 'REQUEST', 'BALANCE', 'HISTORY'];

/** A request as the user entered it. Amount and target only for PAY and REQUEST. */
export interface PaymentRequest {
  readonly keyword: PaymentKeyword;
  readonly amount?: string;
  readonly target?: string;
  readonly message?: string;
  readonly pin: string;
}

/** Keywords that move money and need an amount and a target. */
export const needsTransfer = (keyword: PaymentKeyword): boolean =>
  keyword === 'PAY' || keyword === 'REQUEST';

/** `PAY 20 4085551212 lunch` then a line `PIN 8642`. */
export function requestText(request: PaymentRequest): string {
  const items = [request.keyword, request.amount, request.target, request.message];
  const line = items.filter((item) => item !== undefined && item !== '').join(' ');
  return `${line}\nPIN ${request.pin}`;
}

/** The text as packet data: the GSM default alphabet, one octet per character (TS 23.038 §6.2.1). */
export const requestData = (request: PaymentRequest): Uint8Array =>
  encodeGsm7Septets(requestText(request));

/** Secured data back to text (server replies, management commands). */
export const dataText = (data: Uint8Array): string => decodeGsm7Septets(data);

/** True for an amount with or without `$` and up to two decimals (`20`, `$20.50`). */
export const isAmount = (text: string): boolean => /^\$?\d{1,9}(\.\d{1,2})?$/.test(text);

/** True for a target number: digits, a leading `+` allowed, 3 to 15 digits. */
export const isTarget = (text: string): boolean => /^\+?\d{3,15}$/.test(text);
