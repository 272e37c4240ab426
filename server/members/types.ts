// A member of the payment scheme: identified by MSISDN, owned by a partner bank or the system,
// with preferences and limits from the profile (SOURCE-NOTES U-01, U-06, U-08, FR-03..FR-06).

/** Whether payments to the member are credited at once or wait for the member's approval. */
export type AcceptMode = 'auto' | 'manual';

/** A locked member (too many wrong PINs) can do nothing until an operator unlocks it. */
export type MemberStatus = 'active' | 'locked';

/** Personal limits in minor units; null means the scheme default applies. */
export interface MemberLimits {
  readonly perTransaction: bigint | null;
  readonly daily: bigint | null;
  /** Most payments sent per rolling hour. */
  readonly perHour: number | null;
}

export interface Member {
  readonly msisdn: string;
  readonly bank: string;
  readonly status: MemberStatus;
  readonly acceptMode: AcceptMode;
  readonly limits: MemberLimits;
  readonly registeredAt: number;
}

/** Kinds of personal list entries: refuse from/to (block) or accept only (allow). */
export type ListKind = 'block' | 'allow';
