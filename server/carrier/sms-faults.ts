// Fault model of the simulated SMS centre's routes: latency, extra delay, duplicated, reordered and
// dropped delivery attempts, and permanent loss, each drawn from a seeded random source.
import type { RandomSource } from '../../modem/random.ts';

/** Faults on one route; every probability is within 0-1 and defaults to 0. */
export interface RouteFaults {
  /** Time from submission to the first delivery attempt, in ms (default 0). */
  readonly latencyMs?: number;
  /** Probability that an attempt is delayed by up to `maxDelayMs` more. */
  readonly delay?: number;
  /** Longest extra delay, in ms (default 5000). */
  readonly maxDelayMs?: number;
  /** Probability that a delivered message is delivered a second time. */
  readonly duplicate?: number;
  /** Probability that a message is held back until the next one to the same recipient passes it. */
  readonly reorder?: number;
  /** Probability that a delivery attempt is lost (the centre retries it). */
  readonly drop?: number;
  /** Probability that a message is lost for good after it was accepted. */
  readonly loss?: number;
}

/** A route: messages from `from` to `to` (either may be left out to match any number). */
export interface Route {
  readonly from?: string;
  readonly to?: string;
  readonly faults: RouteFaults;
}

/** What happens to one delivery attempt. */
export interface AttemptFate {
  readonly dropped: boolean;
  readonly duplicate: boolean;
  readonly reorder: boolean;
}

const PROBABILITIES = ['delay', 'duplicate', 'reorder', 'drop', 'loss'] as const;

/** Throws RangeError naming the first setting out of range. */
export function checkRouteFaults(faults: RouteFaults, where = 'route'): void {
  for (const name of PROBABILITIES) {
    const p = faults[name] ?? 0;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${where}: ${name} must be within 0-1, got ${p}`);
  }
  for (const name of ['latencyMs', 'maxDelayMs'] as const) {
    const ms = faults[name] ?? 0;
    if (!(ms >= 0 && Number.isFinite(ms)))
      throw new RangeError(`${where}: ${name} must be a non-negative number, got ${ms}`);
  }
}

/** The faults of the first route matching the numbers, or `fallback`. */
export function faultsFor(
  routes: readonly Route[],
  fallback: RouteFaults,
  from: string,
  to: string,
): RouteFaults {
  const route = routes.find(
    (r) =>
      (r.from === undefined || sameNumber(r.from, from)) &&
      (r.to === undefined || sameNumber(r.to, to)),
  );
  return route?.faults ?? fallback;
}

/** Numbers compare without a leading `+`. */
export function sameNumber(a: string, b: string): boolean {
  return numberKey(a) === numberKey(b);
}

/** The key a number is filed under: its digits without a leading `+`. */
export function numberKey(number: string): string {
  return number.startsWith('+') ? number.slice(1) : number;
}

/** Draws whether an accepted message is lost for good. */
export function drawLoss(faults: RouteFaults, random: RandomSource): boolean {
  return chance(faults.loss, random);
}

/** Draws how long until an attempt: the route's latency plus, by chance, an extra delay. */
export function drawDelay(faults: RouteFaults, random: RandomSource, baseMs: number): number {
  const delayed = chance(faults.delay, random);
  const span = random.uniform();
  return baseMs + (delayed ? Math.round(span * (faults.maxDelayMs ?? 5000)) : 0);
}

/** Draws the fate of one attempt; a fixed number of draws so that runs stay comparable. */
export function drawAttempt(
  faults: RouteFaults,
  random: RandomSource,
  firstAttempt: boolean,
): AttemptFate {
  const dropped = chance(faults.drop, random);
  const duplicate = chance(faults.duplicate, random);
  const reorder = chance(faults.reorder, random);
  return { dropped, duplicate, reorder: reorder && firstAttempt };
}

function chance(p: number | undefined, random: RandomSource): boolean {
  const u = random.uniform();
  return p !== undefined && p > 0 && u < p;
}
