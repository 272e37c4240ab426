// Send fees from configuration (SOURCE-NOTES F-01..F-05): tiers by amount, each a fixed part plus
// a part in basis points of the amount, rounded down to the minor unit; charged to the sender.

/** One fee tier: applies to amounts from `from` (minor units) up to the next tier. */
export interface FeeTier {
  readonly from: bigint;
  readonly fixed: bigint;
  /** Hundredths of a percent of the amount (100 = 1 %). */
  readonly basisPoints: number;
}

/** The fee for sending `amount`: the tier with the highest `from` not above the amount. */
export function feeFor(amount: bigint, tiers: readonly FeeTier[]): bigint {
  let chosen: FeeTier | undefined;
  for (const tier of tiers)
    if (tier.from <= amount && (!chosen || tier.from > chosen.from)) chosen = tier;
  if (!chosen) return 0n;
  return chosen.fixed + (amount * BigInt(chosen.basisPoints)) / 10_000n;
}
