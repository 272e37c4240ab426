// Personal black and white lists (SOURCE-NOTES U-09, FR-03, FR-04): exact numbers, wildcards for
// a number prefix such as an area code ("+1408*"), "premium" (900 numbers), "foreign" and "*".
import { isForeign, isPremium } from '../members/msisdn.ts';

/** A list pattern is an E.164 number, an E.164 prefix ending in '*', or a keyword. */
export function isValidPattern(pattern: string): boolean {
  return /^(\+[0-9]{1,15}\*?|\*|premium|foreign)$/.test(pattern);
}

/** True when `pattern` covers the number `e164`; `homeCountry` decides what is foreign. */
export function patternMatches(pattern: string, e164: string, homeCountry: string): boolean {
  if (pattern === '*') return true;
  if (pattern === 'premium') return isPremium(e164);
  if (pattern === 'foreign') return isForeign(e164, homeCountry);
  if (pattern.endsWith('*')) return e164.startsWith(pattern.slice(0, -1));
  return pattern === e164;
}

/** One member's lists. */
export interface PersonalLists {
  readonly block: readonly string[];
  /** Non-empty: white-list mode, everything not listed is refused. */
  readonly allow: readonly string[];
}

function anyMatches(patterns: readonly string[], counterparty: string, homeCountry: string) {
  for (const p of patterns) if (patternMatches(p, counterparty, homeCountry)) return true;
  return false;
}

/** 'blocked' or 'not_allowed' when the lists refuse `counterparty`, else null. */
export function listVerdict(
  lists: PersonalLists,
  counterparty: string,
  homeCountry: string,
): 'blocked' | 'not_allowed' | null {
  if (lists.allow.length > 0 && anyMatches(lists.allow, counterparty, homeCountry)) return null;
  if (anyMatches(lists.block, counterparty, homeCountry)) return 'blocked';
  return lists.allow.length > 0 ? 'not_allowed' : null;
}
