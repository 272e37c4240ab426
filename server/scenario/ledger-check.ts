// The end-of-run accounts: each member's balance, the partner banks' settlement positions and
// float dividends over the run (server/payments/settlement.ts, reported without posting) and the
// check that no money was created or lost: what the scheme owes (wallets, held payments, fees) and
// the cash the banks hold for the pool both still equal the opening loads, and every transfer
// debited what it credited.
import { formatAmount } from '../ledger/money.ts';
import type { ServerCore } from '../core.ts';

/** One member at the end of the run. */
export interface BalanceRow {
  readonly msisdn: string;
  readonly bank: string;
  readonly available: string;
  readonly pendingIn: string;
  readonly pendingOut: string;
}

/** The money check, amounts as decimals. */
export interface MoneyCheck {
  readonly opening: string;
  /** Wallets, held payments, fees and settlement clearing: what the scheme owes. */
  readonly owed: string;
  /** Cash the partner banks hold for the pool. */
  readonly cash: string;
  /** Debits minus credits over every account (zero in double entry). */
  readonly imbalance: string;
  readonly holds: boolean;
}

/** Balances of `numbers` that are members, in that order. */
export async function memberBalances(
  core: ServerCore,
  numbers: readonly string[],
): Promise<BalanceRow[]> {
  const rows: BalanceRow[] = [];
  for (const msisdn of numbers) {
    const member = await core.service.ctx.members.get(msisdn);
    if (!member) continue;
    const b = await core.service.balanceOf(msisdn);
    rows.push({
      msisdn,
      bank: member.bank,
      available: b.available,
      pendingIn: b.pendingIn,
      pendingOut: b.pendingOut,
    });
  }
  return rows;
}

/** Sums every ledger account and compares with `opening` (minor units). */
export async function checkMoney(core: ServerCore, opening: bigint): Promise<MoneyCheck> {
  let owed = 0n;
  let cash = 0n;
  let imbalance = 0n;
  for (const a of await core.service.ctx.ledger.allAccounts()) {
    const net = a.creditsPosted + a.creditsPending - a.debitsPosted - a.debitsPending;
    imbalance -= net;
    if (a.id.startsWith('share:')) cash -= net;
    else owed += net;
  }
  return {
    opening: formatAmount(opening),
    owed: formatAmount(owed),
    cash: formatAmount(cash),
    imbalance: formatAmount(imbalance),
    holds: owed === opening && cash === opening && imbalance === 0n,
  };
}

/** The partner banks' settlement report, not posted, with the float dividend from `fromMs` to now. */
export function settlementReport(core: ServerCore, fromMs: number) {
  return core.service.settlement({
    reference: 'scenario-report',
    post: false,
    from: String(fromMs),
  });
}

/** The settlement report's shape. */
export type SettlementReport = Awaited<ReturnType<typeof settlementReport>>;
