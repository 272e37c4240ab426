// How members, partner banks and the pool map onto ledger accounts. Each member has a wallet;
// each partner bank a share account holding its part of the virtual pooled account's cash;
// money sent to a non-member waits in a per-number holding account; fees collect in one account.

/** Ledger account codes (the `code` field): what kind of account it is. */
export const AccountCode = {
  wallet: 10,
  bankShare: 20,
  held: 30,
  fees: 40,
  settlement: 50,
} as const;

/** The owner used for everything that belongs to the operator rather than to a partner bank. */
export const SYSTEM_BANK = 'system';

/** Wallet of a member, by E.164 number. */
export function walletAccountId(e164: string): string {
  return `wallet:${e164}`;
}

/** Account holding money sent to a number that is not yet a member. */
export function heldAccountId(e164: string): string {
  return `held:${e164}`;
}

/** A partner bank's share of the virtual pooled account (cash it holds for the pool). */
export function shareAccountId(bank: string): string {
  return `share:${bank}`;
}

/** Fee income of the operator. */
export const FEES_ACCOUNT_ID = 'fees:system';

/** Clearing account that inter-bank settlement transfers pass through. */
export const SETTLEMENT_ACCOUNT_ID = 'settlement:system';

/** Partner bank ids: lower-case letters, digits and dashes. */
export function isValidBankId(bank: string): boolean {
  return /^[a-z0-9-]{1,32}$/.test(bank);
}
