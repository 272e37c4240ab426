// What every payment operation shares: the ledger, member and payment stores, PIN checking,
// configuration, clock and event sink, plus the small steps each flow repeats.
import type { ServerConfig } from '../config/config.ts';
import type { Clock, Ledger } from '../ledger/ledger.ts';
import { formatAmount, MoneyError, parseAmount } from '../ledger/money.ts';
import { TransferFlags, type TransferInput, type TransferResult } from '../ledger/types.ts';
import { walletAccountId } from '../members/accounts.ts';
import type { MemberRecords } from '../members/member-store.ts';
import { inheritAreaCode, MsisdnError, normaliseMsisdn } from '../members/msisdn.ts';
import type { Member } from '../members/types.ts';
import { checkPin } from '../pin/pin-guard.ts';
import type { PinHasher } from '../pin/pin-hash.ts';
import { PaymentError } from './errors.ts';
import type { EventSink } from './events.ts';
import type { MemberLocks } from './keyed-mutex.ts';
import type { PaymentRecords } from './payment-store.ts';

/** Transfer codes: what a ledger transfer was for. */
export const TransferCode = {
  load: 1,
  unload: 2,
  payment: 3,
  fee: 4,
  claim: 5,
  settlement: 6,
} as const;

/** Everything a payment operation may use. */
export interface PaymentContext {
  readonly ledger: Ledger;
  readonly members: MemberRecords;
  readonly payments: PaymentRecords;
  readonly hasher: PinHasher;
  readonly config: ServerConfig;
  readonly clock: Clock;
  readonly emit: EventSink;
  readonly mutex: MemberLocks;
}

/** Reads a decimal amount string; zero is refused. */
export function amountParam(ctx: PaymentContext, text: unknown): bigint {
  try {
    const amount = parseAmount(text as string, ctx.config.exponent);
    if (amount === 0n) throw new PaymentError('INVALID_AMOUNT', 'amount must be more than zero');
    return amount;
  } catch (error) {
    if (error instanceof MoneyError) throw new PaymentError('INVALID_AMOUNT', error.message);
    throw error;
  }
}

/** Formats minor units for the wire. */
export function money(ctx: PaymentContext, units: bigint): string {
  return formatAmount(units, ctx.config.exponent);
}

/** E.164 form of a number typed by `home` (7-digit local numbers inherit home's area code). */
export function msisdnParam(ctx: PaymentContext, text: unknown, home?: string): string {
  try {
    const raw = typeof text === 'string' && home ? inheritAreaCode(text, home) : text;
    return normaliseMsisdn(raw as string, { defaultCountry: ctx.config.defaultCountry });
  } catch (error) {
    if (error instanceof MsisdnError) throw new PaymentError('INVALID_MSISDN', error.message);
    throw error;
  }
}

/** A client reference (idempotency key): 1-40 letters, digits, '.', '_' or '-'. */
export function referenceParam(text: unknown): string {
  if (typeof text !== 'string' || !/^[A-Za-z0-9._-]{1,40}$/.test(text))
    throw new PaymentError('INVALID_PARAMS', 'reference must be 1-40 letters, digits, . _ or -');
  return text;
}

/** The member behind `msisdn` after a PIN check (wrong PINs count towards the lock). */
export async function authenticate(
  ctx: PaymentContext,
  msisdn: string,
  pin: unknown,
): Promise<Member> {
  const { outcome, member } = await checkPin(ctx.members, ctx.hasher, msisdn, pin);
  if (outcome === 'locked')
    throw new PaymentError('MEMBER_LOCKED', 'member is locked after wrong PINs');
  if (outcome === 'wrong_pin') throw new PaymentError('PIN_WRONG', 'wrong PIN');
  if (!member) throw new PaymentError('MEMBER_UNKNOWN', `${msisdn} is not a member`);
  return member;
}

/**
 * A transfer with the scheme's ledger filled in. Written out field by field: an object spread and
 * then extended ({...t, ledger}) gets a map of its own from V8, about 1 KB and 1 us each time.
 */
export function transfer(
  ctx: PaymentContext,
  t: Omit<TransferInput, 'ledger' | 'flags'> & { flags?: number },
): TransferInput {
  return {
    id: t.id,
    debitAccountId: t.debitAccountId,
    creditAccountId: t.creditAccountId,
    amount: t.amount,
    ledger: ctx.config.currency,
    code: t.code,
    flags: t.flags ?? TransferFlags.none,
    ...(t.pendingId !== undefined ? { pendingId: t.pendingId } : {}),
    ...(t.timeoutSeconds !== undefined ? { timeoutSeconds: t.timeoutSeconds } : {}),
    ...(t.userData !== undefined ? { userData: t.userData } : {}),
  };
}

/** Why a committed batch was refused, as the error the caller sees; undefined when it went through. */
function refusalOf(results: readonly TransferResult[]): Error | undefined {
  const failed = results.find((r) => r.result !== 'ok' && r.result !== 'linked_event_failed');
  if (failed?.result.startsWith('exists_with_different'))
    return new PaymentError(
      'IDEMPOTENCY_CONFLICT',
      'this reference was used for different content',
    );
  if (failed?.result === 'exceeds_credits')
    return new PaymentError('INSUFFICIENT_FUNDS', 'not enough available balance');
  if (failed?.result === 'pending_transfer_expired')
    return new PaymentError('PAYMENT_EXPIRED', 'the payment has expired');
  if (failed) return new Error(`ledger refused transfer ${failed.id}: ${failed.result}`);
  return undefined;
}

/**
 * Runs a batch; returns the results, or throws INSUFFICIENT_FUNDS / an internal error. `record`
 * runs only when the batch went through, in the same durable transaction (one statement, on
 * SQLite and on PostgreSQL alike); a failed record write fails the caller.
 */
export async function commit(
  ctx: PaymentContext,
  batch: readonly TransferInput[],
  record?: () => Promise<void>,
): Promise<TransferResult[]> {
  let written: Promise<void> | undefined;
  const alongside =
    record &&
    ((r: TransferResult[]) => {
      if (refusalOf(r)) return undefined;
      written = record();
      written.catch(() => undefined);
      return written;
    });
  const results = await ctx.ledger.createTransfers(batch, alongside);
  const refusal = refusalOf(results);
  if (refusal) throw refusal;
  await written;
  return results;
}

/** Emits balance changes of members' wallets touched by committed transfers. */
export function announceBalances(
  ctx: PaymentContext,
  batch: readonly TransferInput[],
  results: readonly TransferResult[],
): void {
  const versions = new Map<string, bigint>();
  for (const [i, t] of batch.entries()) {
    const r = results[i];
    if (!r || r.result !== 'ok' || r.timestamp === undefined || r.replayed) continue;
    for (const id of [t.debitAccountId, t.creditAccountId])
      if (id.startsWith('wallet:')) versions.set(id, r.timestamp);
  }
  for (const [id, version] of versions)
    ctx.emit({ type: 'balance', msisdn: id.slice('wallet:'.length), version });
}

/** Ledger ids of a payment's transfers. */
export const ids = {
  payment: (payer: string, ref: string) => `pay:${payer}:${ref}`,
  fee: (paymentId: string) => `fee:${paymentId}`,
  post: (id: string) => `post:${id}`,
  void: (id: string) => `void:${id}`,
  claim: (paymentId: string) => `claim:${paymentId}`,
  request: (requester: string, ref: string) => `req:${requester}:${ref}`,
  wallet: walletAccountId,
};
