// The payment service: one entry per operation with its parameters already shaped by the caller
// (the JSON-RPC layer). Authenticates members, serialises each member's operations (across server
// processes on PostgreSQL), and maps the flows in send/pending/request/wallet/settlement onto the
// ledger.
import type { ServerConfig } from '../config/config.ts';
import type { Clock, Ledger } from '../ledger/ledger.ts';
import {
  AccountCode,
  FEES_ACCOUNT_ID,
  SETTLEMENT_ACCOUNT_ID,
  shareAccountId,
  SYSTEM_BANK,
} from '../members/accounts.ts';
import type { MemberRecords } from '../members/member-store.ts';
import type { AcceptMode, ListKind } from '../members/types.ts';
import { PinHasher } from '../pin/pin-hash.ts';
import {
  amountParam,
  authenticate,
  ids,
  money,
  msisdnParam,
  referenceParam,
  type PaymentContext,
} from './context.ts';
import { PaymentError } from './errors.ts';
import type { EventSink } from './events.ts';
import { KeyedMutex, type MemberLocks } from './keyed-mutex.ts';
import type { Payment, PaymentRecords } from './payment-store.ts';
import { editList, profileView, updateProfile, type ProfileChanges } from './profile.ts';
import { acceptIncoming, declineIncoming, expirePayments, stopPayment } from './pending.ts';
import { acceptRequest, createRequest, declineRequest, isRequest } from './request.ts';
import { executeSend } from './send.ts';
import { runSettlement, type SettlementParams } from './settlement.ts';
import { balanceOf, historyOf, moveFunds, register, type BalanceView } from './wallet.ts';

/** Parameters every member operation carries. */
export interface MemberAuth {
  readonly msisdn: string;
  readonly pin: string;
}

/** What the service is built from. */
export interface PaymentServiceDeps {
  readonly ledger: Ledger;
  readonly members: MemberRecords;
  readonly payments: PaymentRecords;
  readonly config: ServerConfig;
  readonly clock: Clock;
  readonly emit: EventSink;
  /** Serialises each member's operations; default: within this process only (SQLite). */
  readonly locks?: MemberLocks;
}

/** A payment on the wire. */
export interface PaymentView {
  readonly paymentId: string;
  readonly kind: Payment['kind'];
  readonly status: Payment['status'];
  readonly payer: string;
  readonly payee: string;
  readonly amount: string;
  readonly fee: string;
  readonly message: string;
  readonly transactionDate: string;
  readonly expiresAt?: string;
  readonly settledBy?: string;
}

/**
 * A payment as clients see it, with the member's balance after it when given. The balance is not
 * added as {...paymentView(), balance}: V8 gives an object spread and then extended a map of its
 * own, about 1 KB and 1 us each time.
 */
export function paymentView(ctx: PaymentContext, p: Payment): PaymentView;
export function paymentView(
  ctx: PaymentContext,
  p: Payment,
  balance: BalanceView,
): PaymentView & { readonly balance: BalanceView };
export function paymentView(ctx: PaymentContext, p: Payment, balance?: BalanceView): PaymentView {
  return {
    paymentId: p.id,
    kind: p.kind,
    status: p.status,
    payer: p.payer,
    payee: p.payee,
    amount: money(ctx, p.amount),
    fee: money(ctx, p.fee),
    message: p.message,
    transactionDate: String(p.createdAt),
    ...(p.expiresAt !== null ? { expiresAt: String(p.expiresAt) } : {}),
    ...(p.settledBy ? { settledBy: p.settledBy } : {}),
    ...(balance ? { balance } : {}),
  };
}

/** Every payment operation, each authenticated and serialised per member. */
export class PaymentService {
  readonly ctx: PaymentContext;

  constructor(deps: PaymentServiceDeps) {
    const { locks, ...stores } = deps;
    const mutex = locks ?? new KeyedMutex();
    this.ctx = { ...stores, hasher: new PinHasher(deps.config.pinPepper), mutex };
  }

  /** Creates the scheme's own accounts (bank shares, fees, settlement); safe to repeat. */
  async open(): Promise<void> {
    const ledger = this.ctx.config.currency;
    const shares = [...this.ctx.config.banks, SYSTEM_BANK].map((bank) => ({
      id: shareAccountId(bank),
      ledger,
      code: AccountCode.bankShare,
      flags: 0,
    }));
    const results = await this.ctx.ledger.createAccounts([
      ...shares,
      { id: FEES_ACCOUNT_ID, ledger, code: AccountCode.fees, flags: 0 },
      { id: SETTLEMENT_ACCOUNT_ID, ledger, code: AccountCode.settlement, flags: 0 },
    ]);
    const bad = results.find((r) => r.result !== 'ok' && r.result !== 'exists');
    if (bad) throw new Error(`scheme account ${bad.id} refused: ${bad.result}`);
  }

  private member(auth: MemberAuth) {
    return authenticate(this.ctx, msisdnParam(this.ctx, auth.msisdn), auth.pin);
  }

  private locked<T>(keys: string[], task: () => Promise<T>): Promise<T> {
    return this.ctx.mutex.run(keys, task);
  }

  async register(p: { msisdn: string; pin: string; bank?: string; acceptMode?: AcceptMode }) {
    const msisdn = msisdnParam(this.ctx, p.msisdn);
    return this.locked([msisdn], () =>
      register(this.ctx, msisdn, p.pin, p.bank ?? SYSTEM_BANK, p.acceptMode ?? 'auto'),
    );
  }

  async load(p: { msisdn: string; amount: string; reference: string }) {
    const msisdn = msisdnParam(this.ctx, p.msisdn);
    const amount = amountParam(this.ctx, p.amount);
    const reference = referenceParam(p.reference);
    return this.locked([msisdn], () => moveFunds(this.ctx, msisdn, amount, reference, 'load'));
  }

  async unload(p: MemberAuth & { amount: string; reference: string }) {
    const amount = amountParam(this.ctx, p.amount);
    const reference = referenceParam(p.reference);
    const m = await this.member(p);
    return this.locked([m.msisdn], () =>
      moveFunds(this.ctx, m.msisdn, amount, reference, 'unload'),
    );
  }

  async send(p: MemberAuth & { to: string; amount: string; reference: string; message?: string }) {
    const amount = amountParam(this.ctx, p.amount);
    const reference = referenceParam(p.reference);
    const payer = await this.member(p);
    const payee = msisdnParam(this.ctx, p.to, payer.msisdn);
    const order = {
      id: ids.payment(payer.msisdn, reference),
      payer,
      payee,
      amount,
      message: p.message ?? '',
    };
    const payment = await this.locked([payer.msisdn], () => executeSend(this.ctx, order));
    return paymentView(this.ctx, payment, await balanceOf(this.ctx, payer.msisdn));
  }

  async request(
    p: MemberAuth & { from: string; amount: string; reference: string; message?: string },
  ) {
    const amount = amountParam(this.ctx, p.amount);
    const reference = referenceParam(p.reference);
    const requester = await this.member(p);
    const id = ids.request(requester.msisdn, reference);
    const request = await this.locked([requester.msisdn], () =>
      createRequest(this.ctx, requester, p.from, amount, id, p.message ?? ''),
    );
    return paymentView(this.ctx, request);
  }

  async accept(p: MemberAuth & { paymentId: string }) {
    const m = await this.member(p);
    const target = await this.ctx.payments.get(p.paymentId);
    const keys = [m.msisdn, target?.payer ?? m.msisdn, target?.payee ?? m.msisdn];
    const payment = await this.locked(keys, async () =>
      (await isRequest(this.ctx, p.paymentId))
        ? acceptRequest(this.ctx, m, p.paymentId)
        : acceptIncoming(this.ctx, m.msisdn, p.paymentId),
    );
    return paymentView(this.ctx, payment, await balanceOf(this.ctx, m.msisdn));
  }

  async decline(p: MemberAuth & { paymentId: string }) {
    const m = await this.member(p);
    const target = await this.ctx.payments.get(p.paymentId);
    const keys = [m.msisdn, target?.payer ?? m.msisdn, target?.payee ?? m.msisdn];
    const payment = await this.locked(keys, async () =>
      (await isRequest(this.ctx, p.paymentId))
        ? declineRequest(this.ctx, m, p.paymentId)
        : declineIncoming(this.ctx, m.msisdn, p.paymentId),
    );
    return paymentView(this.ctx, payment);
  }

  async stop(p: MemberAuth & { paymentId: string }) {
    const m = await this.member(p);
    const target = await this.ctx.payments.get(p.paymentId);
    const keys = [m.msisdn, target?.payee ?? m.msisdn];
    const payment = await this.locked(keys, () => stopPayment(this.ctx, m.msisdn, p.paymentId));
    return paymentView(this.ctx, payment, await balanceOf(this.ctx, m.msisdn));
  }

  async balance(p: MemberAuth) {
    return balanceOf(this.ctx, (await this.member(p)).msisdn);
  }

  /** Balance without a PIN: for subscriptions already authorised, and operators. */
  async balanceOf(msisdn: string) {
    return balanceOf(this.ctx, msisdnParam(this.ctx, msisdn));
  }

  async history(p: MemberAuth & { limit?: number }) {
    return historyOf(this.ctx, (await this.member(p)).msisdn, p.limit ?? 5);
  }

  /** Returns expired held and awaiting payments to their payers. */
  async expire() {
    return expirePayments(this.ctx);
  }

  async settlement(p: { reference: string } & SettlementParams) {
    const runId = referenceParam(p.reference);
    return this.locked(['settlement'], () => runSettlement(this.ctx, runId, p));
  }

  async profile(p: MemberAuth & ProfileChanges) {
    const m = await this.member(p);
    const { msisdn: _m, pin: _p, ...changes } = p;
    return this.locked([m.msisdn], () => updateProfile(this.ctx, m, changes));
  }

  async list(p: MemberAuth & { action: 'add' | 'remove'; kind: ListKind; pattern: string }) {
    const m = await this.member(p);
    return this.locked([m.msisdn], () => editList(this.ctx, m, p.action, p.kind, p.pattern));
  }

  /** Operator action: clears a lock after wrong PINs. */
  async unlock(p: { msisdn: string }) {
    const msisdn = msisdnParam(this.ctx, p.msisdn);
    const m = await this.ctx.members.get(msisdn);
    if (!m) throw new PaymentError('MEMBER_UNKNOWN', `${msisdn} is not a member`);
    await this.ctx.members.unlock(msisdn);
    return profileView(this.ctx, (await this.ctx.members.get(msisdn)) ?? m);
  }

  /** Authenticates a member without doing anything else (for subscriptions). */
  async authenticate(p: MemberAuth): Promise<string> {
    return (await this.member(p)).msisdn;
  }
}

export { PaymentError };
