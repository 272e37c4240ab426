// Opening accounts (TigerBeetle create_accounts): an id is created once, a retry with the same
// fields answers 'exists', and the two balance-limit flags exclude each other.
import { isValidId } from './validate.ts';
import { AccountFlags, type Account, type AccountInput, type AccountResultCode } from './types.ts';

const KNOWN = AccountFlags.debitsMustNotExceedCredits | AccountFlags.creditsMustNotExceedDebits;

/** Checks one account against what is stored under its id (or nothing). */
export function checkAccount(a: AccountInput, stored: Account | undefined): AccountResultCode {
  if (!isValidId(a.id)) return 'id_invalid';
  if (typeof a.ledger !== 'string' || !/^[A-Z0-9]{1,12}$/.test(a.ledger)) return 'ledger_invalid';
  if (!Number.isInteger(a.flags) || (a.flags & ~KNOWN) !== 0 || a.flags === KNOWN)
    return 'flags_are_mutually_exclusive';
  if (!stored) return 'ok';
  if (stored.ledger !== a.ledger) return 'exists_with_different_ledger';
  if (stored.code !== a.code) return 'exists_with_different_code';
  if (stored.flags !== a.flags) return 'exists_with_different_flags';
  if ((stored.userData ?? '') !== (a.userData ?? '')) return 'exists_with_different_user_data';
  return 'exists';
}

/** A new account with zero balances. */
export function newAccount(a: AccountInput, timestamp: bigint): Account {
  return {
    id: a.id,
    ledger: a.ledger,
    code: a.code,
    flags: a.flags,
    ...(a.userData ? { userData: a.userData } : {}),
    debitsPending: 0n,
    debitsPosted: 0n,
    creditsPending: 0n,
    creditsPosted: 0n,
    timestamp,
  };
}

/** Available balance of an account whose normal side is credit: credits posted minus all debits. */
export function availableCredit(a: Account): bigint {
  return a.creditsPosted - a.debitsPosted - a.debitsPending;
}
