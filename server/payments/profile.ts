// The member's own settings (SOURCE-NOTES U-08, FR-03..FR-06): accept mode, personal limits that
// tighten the scheme's, and block/allow list entries with wildcards; and the operator's unlock.
import type { AcceptMode, ListKind, Member } from '../members/types.ts';
import { isValidPattern } from '../rules/lists.ts';
import { amountParam, money, type PaymentContext } from './context.ts';
import { PaymentError } from './errors.ts';
import { personalLists } from './send.ts';

/** Settings as clients see them. */
export async function profileView(ctx: PaymentContext, m: Member) {
  const limit = (v: bigint | null) => (v === null ? null : money(ctx, v));
  return {
    msisdn: m.msisdn,
    bank: m.bank,
    status: m.status,
    acceptMode: m.acceptMode,
    limits: {
      perTransaction: limit(m.limits.perTransaction),
      daily: limit(m.limits.daily),
      perHour: m.limits.perHour,
    },
    ...(await personalLists(ctx, m.msisdn)),
  };
}

/** Changes to apply; an empty string clears a personal limit. */
export interface ProfileChanges {
  readonly acceptMode?: AcceptMode;
  readonly perTransactionLimit?: string;
  readonly dailyLimit?: string;
  readonly perHourLimit?: number;
}

function limitParam(ctx: PaymentContext, text: string | undefined, current: bigint | null) {
  if (text === undefined) return current;
  return text === '' ? null : amountParam(ctx, text);
}

/** Applies profile changes and returns the new settings. */
export async function updateProfile(ctx: PaymentContext, m: Member, changes: ProfileChanges) {
  const perHour = changes.perHourLimit;
  if (perHour !== undefined && (perHour < 0 || perHour > 100_000))
    throw new PaymentError(
      'INVALID_PARAMS',
      'perHourLimit must be 0 (no personal limit) to 100000',
    );
  const limits = {
    perTransaction: limitParam(ctx, changes.perTransactionLimit, m.limits.perTransaction),
    daily: limitParam(ctx, changes.dailyLimit, m.limits.daily),
    perHour: perHour === undefined ? m.limits.perHour : perHour === 0 ? null : perHour,
  };
  if (changes.acceptMode !== undefined)
    await ctx.members.setAcceptMode(m.msisdn, changes.acceptMode);
  await ctx.members.setLimits(m.msisdn, limits);
  return profileView(ctx, (await ctx.members.get(m.msisdn)) ?? m);
}

/** Adds or removes a block/allow pattern ("+14085551234", "+1408*", "premium", "foreign", "*"). */
export async function editList(
  ctx: PaymentContext,
  m: Member,
  action: 'add' | 'remove',
  kind: ListKind,
  pattern: string,
) {
  if (!isValidPattern(pattern))
    throw new PaymentError(
      'INVALID_PARAMS',
      `'${pattern}' is not an E.164 number, prefix* or keyword`,
    );
  if (action === 'add') await ctx.members.addListEntry(m.msisdn, kind, pattern);
  else await ctx.members.removeListEntry(m.msisdn, kind, pattern);
  return profileView(ctx, m);
}
