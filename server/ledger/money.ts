// Money as integer minor units (ISO 4217 currency exponent), with strict decimal strings on the
// wire such as "20.55": no floating point, no exponent, no sign, at most `exponent` decimals.

/** Largest amount a ledger column holds: the signed 64-bit maximum used by SQLite and PostgreSQL. */
export const MAX_AMOUNT = (1n << 63n) - 1n;

/** Why a decimal money string was refused; `code` is stable for callers and the wire. */
export class MoneyError extends Error {
  override readonly name = 'MoneyError';
  constructor(
    readonly code: 'MONEY_SYNTAX' | 'MONEY_PRECISION' | 'MONEY_RANGE' | 'MONEY_EXPONENT',
    message: string,
  ) {
    super(message);
  }
}

const DECIMAL = /^(0|[1-9][0-9]{0,18})(?:\.([0-9]+))?$/;

function checkExponent(exponent: number): void {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 6)
    throw new MoneyError('MONEY_EXPONENT', `currency exponent must be 0..6, got ${exponent}`);
}

/**
 * Parses a non-negative decimal string into minor units: `parseAmount("20.55", 2)` is `2055n`.
 * Fewer decimals than the exponent are allowed ("20.5" -> 2050n); more are refused.
 */
export function parseAmount(text: string, exponent = 2): bigint {
  checkExponent(exponent);
  if (typeof text !== 'string' || text.length > 32)
    throw new MoneyError('MONEY_SYNTAX', 'amount must be a decimal string such as "20.55"');
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyError('MONEY_SYNTAX', `amount '${text}' is not a plain decimal`);
  const fraction = match[2] ?? '';
  if (fraction.length > exponent)
    throw new MoneyError('MONEY_PRECISION', `amount '${text}' has more than ${exponent} decimals`);
  const units =
    BigInt(match[1] ?? '0') * 10n ** BigInt(exponent) +
    BigInt(fraction.padEnd(exponent, '0') || '0');
  if (units > MAX_AMOUNT) throw new MoneyError('MONEY_RANGE', `amount '${text}' is too large`);
  return units;
}

/** Formats minor units as a decimal string with exactly `exponent` decimals: 2055n -> "20.55". */
export function formatAmount(units: bigint, exponent = 2): string {
  checkExponent(exponent);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(digits.length - exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
