// More handsets for the demo: members added to a loaded scenario, each with a handset, an adaptor
// and a virtual SIM, paying the next one in a ring through the adaptor's menu, so that every
// balance ends where it started and the run shows many handsets at once.
import { parseAmount } from '../ledger/money.ts';
import type { Scenario, ScenarioHandset, ScenarioMember, ScenarioStep } from './scenario-types.ts';

/** Most handsets a demo may run. */
export const MAX_DEMO_HANDSETS = 2000;
const OPENING = parseAmount('25.00');
const PAID = parseAmount('1.00');

/** The number of the `i`th added member (+1 408 556 nnnn). */
const crowdNumber = (i: number): string => `+1408556${String(i).padStart(4, '0')}`;

/** A member with an adaptor handset for each of `numbers`. */
function crowd(numbers: readonly string[], profile: string) {
  const members: ScenarioMember[] = numbers.map((msisdn, i) => ({
    msisdn,
    bank: i % 2 === 0 ? 'bank-a' : 'bank-b',
    balance: OPENING,
    pin: String(1000 + (i % 9000)),
    acceptMode: 'auto',
    plainSms: false,
  }));
  const handsets: ScenarioHandset[] = numbers.map((msisdn) => ({
    msisdn,
    profile,
    adaptor: true,
    sim: { kind: 'virtual' },
  }));
  return { members, handsets };
}

/** Each of `numbers` pays the next (the last the first), then every balance is checked. */
function ringSteps(numbers: readonly string[], line: number): ScenarioStep[] {
  const ring = numbers.length > 1 ? numbers : [];
  const pays: ScenarioStep[] = ring.map((from, i) => ({
    action: { kind: 'send', from, to: ring[(i + 1) % ring.length]!, amount: PAID, via: 'menu' },
    expect: { status: 'ok' },
    line,
  }));
  const check: ScenarioStep = {
    action: { kind: 'wait', ms: 60_000 },
    expect: { balances: new Map(numbers.map((n) => [n, OPENING])) },
    line,
    note: `${numbers.length} more handsets, each paying the next one 1.00 when there are two or more`,
  };
  return [...pays, check];
}

/**
 * `scenario` with handsets added until it has `total`, their steps after the scenario's own (at
 * the line of its last step); unchanged when it already has as many.
 */
export function withCrowd(scenario: Scenario, total: number, profile: string): Scenario {
  const count = total - scenario.handsets.length;
  if (count <= 0) return scenario;
  const numbers = Array.from({ length: count }, (_, i) => crowdNumber(i + 1));
  const added = crowd(numbers, profile);
  return {
    ...scenario,
    members: [...scenario.members, ...added.members],
    handsets: [...scenario.handsets, ...added.handsets],
    steps: [...scenario.steps, ...ringSteps(numbers, scenario.steps.at(-1)?.line ?? 0)],
  };
}
