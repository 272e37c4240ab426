// Sending limits (SOURCE-NOTES U-06, FR-06): a per-transaction maximum, a rolling 24-hour total
// and a velocity limit on payments per rolling hour; the member's own limits override the scheme's.

/** Limits in force for one payment (null: no limit). */
export interface Limits {
  readonly perTransaction: bigint | null;
  readonly daily: bigint | null;
  readonly perHour: number | null;
}

/** What the sender already did in the rolling windows. */
export interface RecentActivity {
  readonly sentLast24h: bigint;
  readonly countLastHour: number;
}

export type LimitRefusal = 'LIMIT_PER_TRANSACTION' | 'LIMIT_DAILY' | 'LIMIT_VELOCITY';

function tighter<T extends bigint | number>(scheme: T | null, member: T | null): T | null {
  if (scheme === null) return member;
  if (member === null) return scheme;
  return member < scheme ? member : scheme;
}

/** The limits in force: a member may tighten the scheme's limits (FR-06) but never loosen them. */
export function effectiveLimits(scheme: Limits, member: Limits): Limits {
  return {
    perTransaction: tighter(scheme.perTransaction, member.perTransaction),
    daily: tighter(scheme.daily, member.daily),
    perHour: tighter(scheme.perHour, member.perHour),
  };
}

/** Why a payment of `amount` (fee included) breaks a limit, or null if it does not. */
export function checkLimits(
  amount: bigint,
  limits: Limits,
  recent: RecentActivity,
): LimitRefusal | null {
  if (limits.perTransaction !== null && amount > limits.perTransaction)
    return 'LIMIT_PER_TRANSACTION';
  if (limits.daily !== null && recent.sentLast24h + amount > limits.daily) return 'LIMIT_DAILY';
  if (limits.perHour !== null && recent.countLastHour + 1 > limits.perHour) return 'LIMIT_VELOCITY';
  return null;
}
