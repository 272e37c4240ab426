// ITU-T E.164 numbers for members: normalisation of what users type (NANP numbers with or
// without the leading 1), area-code inheritance for 7-digit local numbers, premium and foreign tests.

/** Why a number was refused. */
export class MsisdnError extends Error {
  override readonly name = 'MsisdnError';
  readonly code = 'MSISDN_INVALID';
}

/** Options for reading national numbers. */
export interface MsisdnOptions {
  /** Country calling code assumed for national numbers, e.g. "1" (NANP) or "44". */
  readonly defaultCountry: string;
}

const NANP = /^1([2-9][0-9]{2})([2-9][0-9]{2})([0-9]{4})$/;
/** NANP area codes of premium-rate services (900) and pay-per-call (976 is an exchange). */
const PREMIUM_NANP_AREAS = new Set(['900']);
const PREMIUM_NANP_EXCHANGES = new Set(['976']);

function digitsOnly(input: string): string {
  if (input.length > 32 || !/^\+?[0-9 ().-]+$/.test(input))
    throw new MsisdnError(`'${input.slice(0, 32)}' is not a telephone number`);
  return input.replace(/[ ().-]/g, '');
}

function internationalDigits(raw: string, options: MsisdnOptions): string {
  if (raw.startsWith('+')) return raw.slice(1);
  if (raw.startsWith('00')) return raw.slice(2);
  if (options.defaultCountry === '1') return raw.length === 10 ? `1${raw}` : raw;
  return `${options.defaultCountry}${raw.replace(/^0/, '')}`;
}

/**
 * Returns the E.164 form "+CCNNN…" of a typed number: "(408) 867-5309", "4088675309",
 * "14088675309" and "+1 408 867 5309" all give "+14088675309" with default country 1.
 */
export function normaliseMsisdn(input: string, options: MsisdnOptions): string {
  if (typeof input !== 'string') throw new MsisdnError('telephone number must be a string');
  const digits = internationalDigits(digitsOnly(input.trim()), options);
  if (!/^[1-9][0-9]{6,14}$/.test(digits))
    throw new MsisdnError(`'${input}' is not a valid E.164 number (7 to 15 digits)`);
  if (digits.startsWith('1') && !NANP.test(digits))
    throw new MsisdnError(`'${input}' is not a valid North American number`);
  return `+${digits}`;
}

/**
 * Completes a 7-digit local NANP number with the area code of `home` (the caller's own E.164
 * number), as a handset on the same area code would dial it; other input is returned unchanged.
 */
export function inheritAreaCode(input: string, home: string): string {
  const local = input.replace(/[ .-]/g, '');
  const match = NANP.exec(home.replace(/^\+/, ''));
  if (!/^[2-9][0-9]{6}$/.test(local) || !match) return input;
  return `+1${match[1]}${local}`;
}

/** True for a premium-rate number (NANP 900 area code or 976 exchange). */
export function isPremium(e164: string): boolean {
  const match = NANP.exec(e164.replace(/^\+/, ''));
  if (!match) return false;
  return PREMIUM_NANP_AREAS.has(match[1] ?? '') || PREMIUM_NANP_EXCHANGES.has(match[2] ?? '');
}

/** True when the number's country calling code differs from `homeCountry`. */
export function isForeign(e164: string, homeCountry: string): boolean {
  return !e164.startsWith(`+${homeCountry}`);
}
