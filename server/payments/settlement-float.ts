// Float dividend of the virtual pooled account (SOURCE-NOTES L-10, L-11, L-12): each partner bank
// earns the float on its own members' funds plus its share of the float on the system's own members'
// funds; the operator keeps the rest. Balances are time-weighted exactly from the ledger's posted
// transfers to the millisecond (Actual/365) in integer minor units, each bank's amounts rounded down.
import type { Ledger } from '../ledger/ledger.ts';
import { TransferFlags, type Account, type Transfer } from '../ledger/types.ts';
import { AccountCode, SYSTEM_BANK } from '../members/accounts.ts';

/** Milliseconds in a 365-day year. */
export const YEAR_MS = 365n * 86_400_000n;

/** 100 % in parts per million. */
export const PPM = 1_000_000n;

/** Transfers read per history page. */
const PAGE = 500;

/** Reads of an account that may race a commit before the ledger is called busy. */
const ATTEMPTS = 5;

/** A period in epoch milliseconds: `fromMs` included, `toMs` excluded. */
export interface Period {
  readonly fromMs: bigint;
  readonly toMs: bigint;
}

/**
 * When a stored transfer took effect, in clock milliseconds: the ledger's timestamp is the clock's
 * millisecond × 1000 plus a sequence number that orders the transfers of one millisecond.
 */
export function effectiveMs(t: Transfer): bigint {
  return t.timestamp / 1000n;
}

/**
 * How a stored transfer changed `accountId`'s posted balance. Pending transfers and voids change
 * only pending balances; a post moves the posted amount at the post's own time.
 */
export function postedDelta(t: Transfer, accountId: string): bigint {
  if ((t.flags & (TransferFlags.pending | TransferFlags.voidPending)) !== 0) return 0n;
  if (t.creditAccountId === accountId) return t.amount;
  if (t.debitAccountId === accountId) return -t.amount;
  return 0n;
}

/**
 * The integral of one account's posted balance over a period (minor units × milliseconds),
 * walking back from the current balance through the account's transfers, newest first.
 */
export class BalanceIntegral {
  private cursor: bigint;
  private sum = 0n;

  constructor(
    private readonly accountId: string,
    private balance: bigint,
    private readonly period: Period,
  ) {
    this.cursor = period.toMs;
  }

  /** Takes the next older transfer; false once the walk has left the period behind. */
  step(t: Transfer): boolean {
    const at = effectiveMs(t);
    this.add(at);
    this.balance -= postedDelta(t, this.accountId);
    return at > this.period.fromMs;
  }

  /** The integral, with the balance before the oldest transfer walked held back to the start. */
  finish(): bigint {
    this.add(this.period.fromMs);
    return this.sum;
  }

  /** The current balance held over [since, cursor), clipped to the period. */
  private add(since: bigint): void {
    const lo = since > this.period.fromMs ? since : this.period.fromMs;
    const hi = this.cursor < this.period.toMs ? this.cursor : this.period.toMs;
    if (hi > lo) this.sum += this.balance * (hi - lo);
    if (since < this.cursor) this.cursor = since;
  }
}

const postedOf = (a: Account) => [a.creditsPosted, a.debitsPosted].join('/');

/**
 * The newest page of an account's history with the posted balance it ends at. Posted counters
 * only grow, so equal counters read before and after the page mean no posting came in between.
 */
async function consistentStart(ledger: Ledger, id: string) {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const [before] = await ledger.lookupAccounts([id]);
    const page = await ledger.accountTransfers({ accountId: id, limit: PAGE });
    const [after] = await ledger.lookupAccounts([id]);
    if (before && after && postedOf(before) === postedOf(after))
      return { balance: after.creditsPosted - after.debitsPosted, page };
  }
  throw new Error(`account ${id} kept changing while its float was computed`);
}

/** The integral of `id`'s posted balance over `period`, from its ledger history. */
export async function accountIntegral(ledger: Ledger, id: string, period: Period): Promise<bigint> {
  const start = await consistentStart(ledger, id);
  const walk = new BalanceIntegral(id, start.balance, period);
  let page = start.page;
  for (;;) {
    for (const t of page) if (!walk.step(t)) return walk.finish();
    const oldest = page.at(-1);
    if (page.length < PAGE || !oldest) return walk.finish();
    page = await ledger.accountTransfers({ accountId: id, limit: PAGE, before: oldest.timestamp });
  }
}

/**
 * Balance integrals over `period` of the members' wallets among `accounts`, summed per bank (the
 * system's own members under SYSTEM_BANK). Wallets opened at or after the period's end are skipped.
 */
export async function groupIntegrals(
  ledger: Ledger,
  accounts: readonly Account[],
  period: Period,
  banks: readonly string[],
): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>([...banks, SYSTEM_BANK].map((b) => [b, 0n]));
  for (const a of accounts) {
    if (a.code !== AccountCode.wallet || a.timestamp / 1000n >= period.toMs) continue;
    const bank = a.userData ?? SYSTEM_BANK;
    out.set(bank, (out.get(bank) ?? 0n) + (await accountIntegral(ledger, a.id, period)));
  }
  return out;
}

/** One bank's dividend in minor units. */
export interface BankDividend {
  readonly bank: string;
  /** Float on the bank's own members' funds. */
  readonly ownFloat: bigint;
  /** Its share of the float on the system's own members' funds. */
  readonly systemShare: bigint;
  readonly dividend: bigint;
}

/** How the pool's float over a period is divided. */
export interface FloatSplit {
  /** Float on every member's funds, rounded down. */
  readonly poolFloat: bigint;
  /** Float on the system's own members' funds, rounded down. */
  readonly systemMembersFloat: bigint;
  readonly banks: readonly BankDividend[];
  /** What the operator keeps: the pool float less every bank's dividend (never negative). */
  readonly systemRemainder: bigint;
}

/**
 * Divides the float: a group's float is its balance integral × rate / year; bank i gets
 * floor(float of its members) + floor(float of the system's members × share i). Rates and shares
 * are parts per million. Every bank other than SYSTEM_BANK in `integrals` is paid.
 */
export function splitFloat(
  integrals: ReadonlyMap<string, bigint>,
  ratePpm: bigint,
  sharesPpm: Readonly<Record<string, bigint>>,
): FloatSplit {
  const scale = PPM * YEAR_MS;
  const systemIntegral = integrals.get(SYSTEM_BANK) ?? 0n;
  const all = [...integrals.values()].reduce((s, i) => s + i, 0n);
  const banks = [...integrals]
    .filter(([bank]) => bank !== SYSTEM_BANK)
    .map(([bank, integral]) => {
      const ownFloat = (integral * ratePpm) / scale;
      const systemShare = (systemIntegral * ratePpm * (sharesPpm[bank] ?? 0n)) / (scale * PPM);
      return { bank, ownFloat, systemShare, dividend: ownFloat + systemShare };
    });
  const poolFloat = (all * ratePpm) / scale;
  return {
    poolFloat,
    systemMembersFloat: (systemIntegral * ratePpm) / scale,
    banks,
    systemRemainder: banks.reduce((r, b) => r - b.dividend, poolFloat),
  };
}
