// The keyword syntax of payment SMS (SOURCE-NOTES SMS-01..SMS-17, PIN-05, PIN-06): keyword, amount,
// target number, optional message, one space between items, the PIN as a trailing `PIN nnnn`.
// Keywords are case-insensitive, `$` is allowed, the leading 1 is optional, a 7-digit number takes
// the sender's area code. Pure: the same text and sender always give the same result.
import { inheritAreaCode, MsisdnError, normaliseMsisdn } from '../members/msisdn.ts';

/** A command understood from an SMS; `pin` only when the SMS carried one. */
export type ParsedCommand =
  | {
      readonly kind: 'pay' | 'request';
      readonly amount: string;
      /** E.164 number of the payee (pay) or of the member asked (request). */
      readonly counterparty: string;
      readonly message: string;
      readonly pin?: string;
    }
  | { readonly kind: 'balance' | 'history'; readonly pin?: string }
  | { readonly kind: 'accept' | 'decline'; readonly handle?: string; readonly pin?: string }
  | { readonly kind: 'invite'; readonly counterparty: string }
  | { readonly kind: 'join'; readonly pin?: string }
  | { readonly kind: 'help' }
  /** An SMS holding only a PIN: the second half of a command sent earlier. */
  | { readonly kind: 'pin'; readonly pin: string };

/** PAY or REQUEST: an amount and the other party. */
export type TransferCommand = Extract<ParsedCommand, { readonly amount: string }>;

/** Why an SMS was not understood. The message never quotes what was typed. */
export interface ParseError {
  readonly kind: 'error';
  readonly code:
    | 'EMPTY'
    | 'UNKNOWN_KEYWORD'
    | 'BAD_AMOUNT'
    | 'BAD_NUMBER'
    | 'BAD_PIN'
    | 'BAD_HANDLE'
    | 'EXTRA_WORDS';
  readonly message: string;
}

/** Options of the parser. */
export interface ParseOptions {
  /** Country calling code assumed for national numbers (default "1", NANP). */
  readonly defaultCountry?: string;
}

/** Longest SMS text considered (a concatenated message of 10 parts). */
export const MAX_COMMAND_TEXT = 1600;

const KEYWORDS: Readonly<Record<string, ParsedCommand['kind']>> = {
  PAY: 'pay',
  SEND: 'pay',
  REQUEST: 'request',
  GET: 'request',
  BALANCE: 'balance',
  BAL: 'balance',
  B: 'balance',
  HISTORY: 'history',
  HELP: 'help',
  ACCEPT: 'accept',
  DECLINE: 'decline',
  INVITE: 'invite',
  JOIN: 'join',
};

const PIN = /^[0-9]{4,8}$/;
const AMOUNT = /^\$?([0-9]{1,9})(?:\.([0-9]{1,2}))?$/;
const HANDLE = /^[A-Za-z0-9:+._-]{1,80}$/;

const fail = (code: ParseError['code'], message: string): ParseError => ({
  kind: 'error',
  code,
  message,
});

/** Splits off a trailing `PIN nnnn`; the PIN is undefined when absent. */
function splitPin(tokens: string[]): { rest: string[]; pin?: string } | ParseError {
  const marker = tokens.length - 2;
  if (marker < 0 || tokens[marker]?.toUpperCase() !== 'PIN') return { rest: tokens };
  const pin = tokens[marker + 1] ?? '';
  if (!PIN.test(pin)) return fail('BAD_PIN', 'a PIN is 4 to 8 digits');
  return { rest: tokens.slice(0, marker), pin };
}

/** `$20`, `20.5`, `20.50` → `20`, `20.5`, `20.50`; zero and other text are refused. */
export function parseSmsAmount(token: string | undefined): string | ParseError {
  const match = token === undefined ? null : AMOUNT.exec(token);
  if (!match) return fail('BAD_AMOUNT', 'the amount must be a number such as 20 or $20.50');
  const amount = match[2] === undefined ? match[1]! : `${match[1]}.${match[2]}`;
  if (/^[0.]+$/.test(amount)) return fail('BAD_AMOUNT', 'the amount must be more than zero');
  return amount;
}

/** A typed telephone number in E.164 form, the area code taken from `sender` when missing. */
export function parseSmsNumber(
  token: string | undefined,
  sender: string,
  options: ParseOptions = {},
): string | ParseError {
  if (token === undefined || !/^\+?[0-9]{7,15}$/.test(token))
    return fail('BAD_NUMBER', 'the number must be digits with the area code, no dashes or spaces');
  try {
    const defaultCountry = options.defaultCountry ?? '1';
    return normaliseMsisdn(inheritAreaCode(token, sender), { defaultCountry });
  } catch (error) {
    if (error instanceof MsisdnError) return fail('BAD_NUMBER', 'the number is not valid');
    throw error;
  }
}

const isError = (value: unknown): value is ParseError =>
  typeof value === 'object' && value !== null && (value as ParseError).kind === 'error';

const withPin = <T extends object>(command: T, pin: string | undefined) =>
  pin === undefined ? command : { ...command, pin };

function transfer(
  kind: 'pay' | 'request',
  args: readonly string[],
  pin: string | undefined,
  sender: string,
  options: ParseOptions,
): ParsedCommand | ParseError {
  const amount = parseSmsAmount(args[0]);
  if (isError(amount)) return amount;
  const counterparty = parseSmsNumber(args[1], sender, options);
  if (isError(counterparty)) return counterparty;
  const message = args.slice(2).join(' ');
  return withPin({ kind, amount, counterparty, message }, pin);
}

function noArguments(
  kind: 'balance' | 'history',
  args: readonly string[],
  pin: string | undefined,
  sender: string,
  options: ParseOptions,
): ParsedCommand | ParseError {
  if (args.length === 0) return withPin({ kind }, pin);
  const own = args.length === 1 ? parseSmsNumber(args[0], sender, options) : undefined;
  if (own === sender) return withPin({ kind }, pin);
  return fail('EXTRA_WORDS', `${kind.toUpperCase()} takes no other words (your number at most)`);
}

function answer(
  kind: 'accept' | 'decline',
  args: readonly string[],
  pin: string | undefined,
): ParsedCommand | ParseError {
  if (args.length > 1) return fail('EXTRA_WORDS', `${kind.toUpperCase()} takes one reference`);
  const handle = args[0];
  if (handle === undefined) return withPin({ kind }, pin);
  if (!HANDLE.test(handle)) return fail('BAD_HANDLE', 'the reference is not valid');
  return withPin({ kind, handle }, pin);
}

function join(args: readonly string[], pin: string | undefined): ParsedCommand | ParseError {
  if (args.length === 0) return withPin({ kind: 'join' }, pin);
  if (args.length === 1 && pin === undefined && PIN.test(args[0]!))
    return { kind: 'join', pin: args[0]! };
  return fail('BAD_PIN', 'JOIN takes your new PIN of 4 to 8 digits');
}

/**
 * Reads one payment SMS sent by `senderMsisdn` (E.164). Examples: `PAY 20 4085551212 lunch PIN
 * 8642`, `send $5.50 5551212`, `BAL`, `REQUEST PAY 12 14085551212`, `PIN 8642`, `8642`.
 */
export function parseSmsCommand(
  text: string,
  senderMsisdn: string,
  options: ParseOptions = {},
): ParsedCommand | ParseError {
  const tokens = text.slice(0, MAX_COMMAND_TEXT).trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return fail('EMPTY', 'the message is empty');
  const split = splitPin(tokens);
  if (isError(split)) return split;
  const { rest, pin } = split;
  if (rest.length === 0 && pin !== undefined) return { kind: 'pin', pin };
  if (rest.length === 1 && pin === undefined && PIN.test(rest[0]!))
    return { kind: 'pin', pin: rest[0]! };
  const kind = KEYWORDS[rest[0]!.toUpperCase()];
  if (kind === undefined) return fail('UNKNOWN_KEYWORD', 'unknown keyword; send HELP for the list');
  let args = rest.slice(1);
  if (kind === 'request' && /^(PAY|PAYMENT)$/i.test(args[0] ?? '')) args = args.slice(1);
  switch (kind) {
    case 'pay':
    case 'request':
      return transfer(kind, args, pin, senderMsisdn, options);
    case 'balance':
    case 'history':
      return noArguments(kind, args, pin, senderMsisdn, options);
    case 'accept':
    case 'decline':
      return answer(kind, args, pin);
    case 'invite': {
      const counterparty = parseSmsNumber(args[0], senderMsisdn, options);
      if (isError(counterparty)) return counterparty;
      return args.length > 1
        ? fail('EXTRA_WORDS', 'INVITE takes one number')
        : { kind, counterparty };
    }
    case 'join':
      return join(args, pin);
    default:
      return { kind: 'help' };
  }
}

/** True when `result` is a ParseError. */
export function isParseError(result: ParsedCommand | ParseError): result is ParseError {
  return result.kind === 'error';
}

/** True when the command needs the member's PIN before it can run. */
export function needsPin(command: ParsedCommand): boolean {
  return command.kind !== 'help' && command.kind !== 'invite' && command.kind !== 'pin';
}
