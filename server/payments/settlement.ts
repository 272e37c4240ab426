// Net positions of the partner banks in the virtual pooled account (SOURCE-NOTES SV-09, SV-15,
// SV-18, L-12): what each bank's members hold against the cash the bank holds, optionally the
// settlement transfers that bring every net position to zero, and each bank's float dividend for
// a period (settlement-float.ts). Positions always sum to zero.
import { formatAmount } from '../ledger/money.ts';
import { TransferFlags, type Account, type TransferInput } from '../ledger/types.ts';
import { SETTLEMENT_ACCOUNT_ID, shareAccountId, SYSTEM_BANK } from '../members/accounts.ts';
import { commit, money, transfer, TransferCode, type PaymentContext } from './context.ts';
import { PaymentError } from './errors.ts';
import { groupIntegrals, splitFloat, type Period } from './settlement-float.ts';

/** What a settlement run is asked for besides its reference. */
export interface SettlementParams {
  /** Record the transfers that bring every net position to zero. */
  readonly post?: boolean;
  /** Start of the dividend period, epoch milliseconds as a string (default: `to` less 24 h). */
  readonly from?: string;
  /** End of the dividend period, excluded, epoch milliseconds (default: now; never later). */
  readonly to?: string;
}

const DAY_MS = 86_400_000;

/** One bank's position in minor units. */
interface Position {
  obligations: bigint;
  cash: bigint;
}

function ownerOf(a: Account): string {
  if (a.id.startsWith('share:')) return a.id.slice('share:'.length);
  if (a.id.startsWith('wallet:')) return a.userData ?? SYSTEM_BANK;
  return SYSTEM_BANK;
}

function positions(accounts: readonly Account[], banks: readonly string[]): Map<string, Position> {
  const out = new Map<string, Position>(
    [...banks, SYSTEM_BANK].map((b) => [b, { obligations: 0n, cash: 0n }]),
  );
  for (const a of accounts) {
    const bank = ownerOf(a);
    const p = out.get(bank) ?? out.set(bank, { obligations: 0n, cash: 0n }).get(bank);
    if (!p) continue;
    if (a.id.startsWith('share:')) p.cash += a.debitsPosted - a.creditsPosted;
    else p.obligations += a.creditsPosted - a.debitsPosted;
  }
  return out;
}

function settlementBatch(
  ctx: PaymentContext,
  runId: string,
  nets: [string, bigint][],
): TransferInput[] {
  const moves = nets.filter(([, net]) => net !== 0n);
  return moves.map(([bank, net], i) => {
    const share = shareAccountId(bank);
    const receives = net > 0n;
    return transfer(ctx, {
      id: `settle:${runId}:${bank}`,
      debitAccountId: receives ? share : SETTLEMENT_ACCOUNT_ID,
      creditAccountId: receives ? SETTLEMENT_ACCOUNT_ID : share,
      amount: receives ? net : -net,
      code: TransferCode.settlement,
      flags: i < moves.length - 1 ? TransferFlags.linked : TransferFlags.none,
    });
  });
}

function epochMs(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^(0|[1-9][0-9]{0,14})$/.test(text))
    throw new PaymentError('INVALID_PARAMS', `${name} must be epoch milliseconds as a string`);
  return Number(text);
}

/** The dividend period in epoch milliseconds; `to` may not be later than now, nor `from` than `to`. */
function periodOf(ctx: PaymentContext, p: SettlementParams): { from: number; to: number } {
  const now = ctx.clock.now();
  const to = epochMs(p.to, 'to', now);
  const from = epochMs(p.from, 'from', Math.max(0, to - DAY_MS));
  if (to > now) throw new PaymentError('INVALID_PARAMS', 'to must not be later than now');
  if (from > to) throw new PaymentError('INVALID_PARAMS', 'from must not be later than to');
  return { from, to };
}

/** Each bank's float dividend over the period, amounts for the wire. */
async function dividendReport(
  ctx: PaymentContext,
  accounts: readonly Account[],
  range: { from: number; to: number },
) {
  const period: Period = { fromMs: BigInt(range.from), toMs: BigInt(range.to) };
  const { floatRatePpm, systemFloatSharePpm } = ctx.config.settlement;
  const integrals = await groupIntegrals(ctx.ledger, accounts, period, ctx.config.banks);
  const split = splitFloat(integrals, floatRatePpm, systemFloatSharePpm);
  const length = period.toMs - period.fromMs;
  return {
    float: {
      from: String(range.from),
      to: String(range.to),
      ratePercent: formatAmount(floatRatePpm, 4),
      poolFloat: money(ctx, split.poolFloat),
      systemMembersFloat: money(ctx, split.systemMembersFloat),
      systemRemainder: money(ctx, split.systemRemainder),
    },
    dividends: split.banks.map((b) => ({
      bank: b.bank,
      averageBalance: money(ctx, length > 0n ? (integrals.get(b.bank) ?? 0n) / length : 0n),
      sharePercent: formatAmount(systemFloatSharePpm[b.bank] ?? 0n, 4),
      ownFloat: money(ctx, b.ownFloat),
      systemShare: money(ctx, b.systemShare),
      dividend: money(ctx, b.dividend),
    })),
  };
}

/**
 * Reports each bank's obligations (its members' posted balances), cash (its share of the pool)
 * and net = obligations - cash (positive: the bank receives), as they stand now, and each bank's
 * float dividend over [from, to). With `post`, settles the positions to zero.
 */
export async function runSettlement(ctx: PaymentContext, runId: string, params: SettlementParams) {
  const post = params.post ?? false;
  const range = periodOf(ctx, params);
  const accounts = await ctx.ledger.allAccounts();
  const before = positions(accounts, ctx.config.banks);
  const nets: [string, bigint][] = [...before].map(([bank, p]) => [bank, p.obligations - p.cash]);
  const total = nets.reduce((s, [, n]) => s + n, 0n);
  const batch = post ? settlementBatch(ctx, runId, nets) : [];
  if (batch.length > 0) await commit(ctx, batch);
  const sum = (f: (p: Position) => bigint) => [...before.values()].reduce((t, p) => t + f(p), 0n);
  return {
    runId,
    posted: batch.map((t) => t.id),
    balanced: total === 0n,
    pool: {
      cash: money(
        ctx,
        sum((p) => p.cash),
      ),
      obligations: money(
        ctx,
        sum((p) => p.obligations),
      ),
    },
    positions: [...before].map(([bank, p]) => ({
      bank,
      obligations: money(ctx, p.obligations),
      cash: money(ctx, p.cash),
      net: money(ctx, p.obligations - p.cash),
    })),
    ...(await dividendReport(ctx, accounts, range)),
  };
}
