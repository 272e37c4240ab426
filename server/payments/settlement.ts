// Net positions of the partner banks in the virtual pooled account (SOURCE-NOTES SV-09, SV-15,
// SV-18, L-12): what each bank's members hold against the cash the bank holds, and optionally the
// settlement transfers that bring every net position to zero. Positions always sum to zero.
import { TransferFlags, type Account, type TransferInput } from '../ledger/types.ts';
import { SETTLEMENT_ACCOUNT_ID, shareAccountId, SYSTEM_BANK } from '../members/accounts.ts';
import { commit, money, transfer, TransferCode, type PaymentContext } from './context.ts';

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

/**
 * Reports each bank's obligations (its members' posted balances), cash (its share of the pool)
 * and net = obligations - cash (positive: the bank receives). With `post`, settles to zero.
 */
export async function runSettlement(ctx: PaymentContext, runId: string, post: boolean) {
  const before = positions(await ctx.ledger.allAccounts(), ctx.config.banks);
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
  };
}
