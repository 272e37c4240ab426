// Field types shared by the scenario sections: E.164 numbers, money as quoted decimals, PINs and
// durations, each refused with what was expected.
import { MoneyError, parseAmount } from '../ledger/money.ts';
import type { MapView } from './yaml-reader.ts';

const E164 = /^\+[1-9][0-9]{6,14}$/;
const PIN = /^[0-9A-Za-z]{4,12}$/;
const DURATION = /^([0-9]{1,9})(ms|s|m|h|d)$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** An E.164 number in quotes. */
export function msisdn(view: MapView, key: string): string {
  return view.requiredString(key, 'an E.164 number in quotes such as "+14085551234"', E164);
}

/** A PIN in quotes. */
export function pin(view: MapView, key: string): string {
  return view.requiredString(key, 'a PIN of 4-12 letters or digits in quotes', PIN);
}

/** A required money amount, a quoted decimal with at most two decimals, in minor units. */
export function amount(view: MapView, key: string): bigint {
  const what = 'an amount in quotes such as "12.50"';
  const text = view.requiredString(key, what);
  try {
    return parseAmount(text, 2);
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    return view.refuse(key, `expected ${what}, got ${JSON.stringify(text)}`);
  }
}

/** A duration such as "30s", "5m", "2h", "31d" or "1500ms", in ms. */
export function duration(view: MapView, key: string): number {
  const text = view.requiredString(key, 'a duration such as "30s", "5m", "2h" or "31d"', DURATION);
  const match = DURATION.exec(text);
  return Number(match?.[1]) * (UNIT_MS[match?.[2] ?? 'ms'] ?? 1);
}
