// Member wallets (SOURCE-NOTES SV-03, SV-04, L-01, E-04, E-07): registration into the virtual
// pooled account under a partner bank, load and unload through the bank's share, balance and history.
import { AccountFlags, TransferFlags, type Account } from '../ledger/types.ts';
import { AccountCode, shareAccountId, SYSTEM_BANK, walletAccountId } from '../members/accounts.ts';
import type { AcceptMode } from '../members/types.ts';
import { isValidPinFormat } from '../pin/pin-hash.ts';
import {
  announceBalances,
  commit,
  money,
  transfer,
  TransferCode,
  type PaymentContext,
} from './context.ts';
import { PaymentError } from './errors.ts';
import { claimHeld } from './pending.ts';

/** A member's balances for the wire; `version` orders updates of one account. */
export interface BalanceView {
  readonly msisdn: string;
  readonly available: string;
  readonly posted: string;
  readonly pendingIn: string;
  readonly pendingOut: string;
  readonly version: string;
}

/** Opens the wallet and the member record, then claims payments held for the number. */
export async function register(
  ctx: PaymentContext,
  msisdn: string,
  pin: unknown,
  bank: string,
  acceptMode: AcceptMode,
) {
  if (!isValidPinFormat(pin)) throw new PaymentError('PIN_FORMAT', 'PIN must be 4 to 8 digits');
  if (bank !== SYSTEM_BANK && !ctx.config.banks.includes(bank))
    throw new PaymentError('BANK_UNKNOWN', `unknown partner bank '${bank}'`);
  if (await ctx.members.get(msisdn))
    throw new PaymentError('MEMBER_EXISTS', `${msisdn} is already a member`);
  const flags = AccountFlags.debitsMustNotExceedCredits;
  const [r] = await ctx.ledger.createAccounts([
    {
      id: walletAccountId(msisdn),
      ledger: ctx.config.currency,
      code: AccountCode.wallet,
      flags,
      userData: bank,
    },
  ]);
  if (r?.result !== 'ok' && r?.result !== 'exists') throw new Error(`wallet refused: ${r?.result}`);
  const pinHash = ctx.hasher.hash(msisdn, pin);
  const registeredAt = ctx.clock.now();
  if (!(await ctx.members.insert({ msisdn, bank, acceptMode, pinHash, registeredAt })))
    throw new PaymentError('MEMBER_EXISTS', `${msisdn} is already a member`);
  const claimed = await claimHeld(ctx, msisdn);
  return {
    msisdn,
    bank,
    acceptMode,
    claimed: claimed.map((p) => p.id),
    balance: await balanceOf(ctx, msisdn),
  };
}

/** Moves money between a member's wallet and the member's bank share (load: into the wallet). */
export async function moveFunds(
  ctx: PaymentContext,
  msisdn: string,
  amount: bigint,
  reference: string,
  direction: 'load' | 'unload',
) {
  const member = await ctx.members.get(msisdn);
  if (!member) throw new PaymentError('MEMBER_UNKNOWN', `${msisdn} is not a member`);
  const wallet = walletAccountId(msisdn);
  const share = shareAccountId(member.bank);
  const load = direction === 'load';
  const batch = [
    transfer(ctx, {
      id: `${direction}:${msisdn}:${reference}`,
      debitAccountId: load ? share : wallet,
      creditAccountId: load ? wallet : share,
      amount,
      code: load ? TransferCode.load : TransferCode.unload,
    }),
  ];
  const results = await ctx.ledger.createTransfers(batch);
  if (results[0]?.result.startsWith('exists_with_different'))
    throw new PaymentError(
      'IDEMPOTENCY_CONFLICT',
      'this reference was used for a different amount',
    );
  await commit(ctx, []);
  if (results[0]?.result === 'exceeds_credits')
    throw new PaymentError('INSUFFICIENT_FUNDS', 'not enough available balance');
  if (results[0]?.result !== 'ok')
    throw new Error(`ledger refused ${direction}: ${results[0]?.result}`);
  announceBalances(ctx, batch, results);
  return {
    transferId: batch[0]?.id ?? '',
    amount: money(ctx, amount),
    balance: await balanceOf(ctx, msisdn),
  };
}

function view(ctx: PaymentContext, msisdn: string, a: Account, version: bigint): BalanceView {
  return {
    msisdn,
    available: money(ctx, a.creditsPosted - a.debitsPosted - a.debitsPending),
    posted: money(ctx, a.creditsPosted - a.debitsPosted),
    pendingIn: money(ctx, a.creditsPending),
    pendingOut: money(ctx, a.debitsPending),
    version: version.toString(),
  };
}

/** Balances of a member's wallet with the version of its latest change. */
export async function balanceOf(ctx: PaymentContext, msisdn: string): Promise<BalanceView> {
  const id = walletAccountId(msisdn);
  const [account] = await ctx.ledger.lookupAccounts([id]);
  if (!account) throw new PaymentError('MEMBER_UNKNOWN', `${msisdn} is not a member`);
  const [latest] = await ctx.ledger.accountTransfers({ accountId: id, limit: 1 });
  return view(ctx, msisdn, account, latest?.timestamp ?? account.timestamp);
}

/** The member's last transfers (newest first) and the balance (SOURCE-NOTES E-04, E-11). */
export async function historyOf(ctx: PaymentContext, msisdn: string, limit: number) {
  const id = walletAccountId(msisdn);
  const transfers = await ctx.ledger.accountTransfers({ accountId: id, limit });
  const rows = transfers.map((t) => {
    const debit = t.debitAccountId === id;
    const other = debit ? t.creditAccountId : t.debitAccountId;
    return {
      transferId: t.id,
      key: debit ? 'debit' : 'credit',
      amount: money(ctx, t.amount),
      kind: Object.entries(TransferCode).find(([, code]) => code === t.code)?.[0] ?? 'other',
      counterparty: other.slice(other.indexOf(':') + 1),
      pending: (t.flags & TransferFlags.pending) !== 0,
      void: (t.flags & TransferFlags.voidPending) !== 0,
      transactionDate: String(t.timestamp / 1000n),
    };
  });
  return { transactions: rows, balance: await balanceOf(ctx, msisdn) };
}
