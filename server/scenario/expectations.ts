// Checks a step's `expect` against the world after the step: balances from the payment service,
// SMS texts that reached each number during the step, whether the step's SMS was refused, and the
// TS 102 225 status of the server's answer to the step's secured SMS.
import type { PorStatus } from '../../protocol/ota/status.ts';
import { formatAmount } from '../ledger/money.ts';
import { PaymentError } from '../payments/service.ts';
import type { ScenarioWorld } from './scenario-world.ts';
import type { Expectation } from './scenario-types.ts';

/** Where each record of the world stood when the step started. */
export interface StepMarks {
  readonly received: ReadonlyMap<string, number>;
  readonly refused: ReadonlyMap<string, number>;
  readonly sentTexts: ReadonlyMap<string, number>;
  readonly inbound: number;
}

/** Notes the lengths of the world's records before a step. */
export function markWorld(world: ScenarioWorld): StepMarks {
  const received = new Map([...world.phones].map(([n, p]) => [n, p.received.length]));
  const refused = new Map([...world.phones].map(([n, p]) => [n, p.refusedByAdaptor.length]));
  const sentTexts = new Map([...world.sentTexts].map(([n, t]) => [n, t.length]));
  return { received, refused, sentTexts, inbound: world.inbound.length };
}

/** What the server did with the step's SMS and what reached each handset, one line each. */
export function stepNotes(world: ScenarioWorld, marks: StepMarks): string[] {
  const server = world.inbound
    .slice(marks.inbound)
    .map((r) => `server: ${r.path} SMS from ${r.from} ${r.outcome}`);
  const phones = [...world.phones].flatMap(([msisdn, phone]) => [
    ...phone.received
      .slice(marks.received.get(msisdn) ?? 0)
      .map((t) => `${msisdn} reads ${JSON.stringify(t.replace(/\s+/g, ' '))}`),
    ...phone.refusedByAdaptor
      .slice(marks.refused.get(msisdn) ?? 0)
      .map((why) => `${msisdn}'s adaptor refuses an SMS from the server: ${why}`),
  ]);
  return [...server, ...phones];
}

/** Texts that reached `msisdn` since `marks`: on its handset, or sent to it when it has none. */
export function textsSince(world: ScenarioWorld, marks: StepMarks, msisdn: string): string[] {
  const phone = world.phones.get(msisdn);
  if (phone) return phone.received.slice(marks.received.get(msisdn) ?? 0);
  return (world.sentTexts.get(msisdn) ?? []).slice(marks.sentTexts.get(msisdn) ?? 0);
}

/** The status of the last secured SMS from `from` the gateway handled since `marks`. */
export function securedStatus(
  world: ScenarioWorld,
  marks: StepMarks,
  from: string | undefined,
): PorStatus | string | undefined {
  const handled = world.inbound
    .slice(marks.inbound)
    .filter((r) => r.path === 'secured' && (from === undefined || r.from === from));
  const last = handled.at(-1);
  if (!last) return undefined;
  if (last.outcome === 'executed' || last.outcome === 'retransmission') return 'ok';
  return (last.outcome === 'rejected' && world.refusals.get(last.from)) || last.outcome;
}

/** A member's available balance as a decimal, or why there is none. */
export async function balanceText(world: ScenarioWorld, msisdn: string): Promise<string> {
  try {
    return (await world.core.service.balanceOf(msisdn)).available;
  } catch (error) {
    if (error instanceof PaymentError && error.code === 'MEMBER_UNKNOWN') return 'not a member';
    throw error;
  }
}

/** What the checks need from the step. */
export interface StepFacts {
  readonly marks: StepMarks;
  readonly actor: string | undefined;
  readonly smsRefused: boolean | undefined;
}

/** Every expectation that does not hold, one message each. */
export async function checkExpectation(
  world: ScenarioWorld,
  expect: Expectation,
  facts: StepFacts,
): Promise<string[]> {
  const failures: string[] = [];
  for (const [msisdn, amount] of expect.balances ?? []) {
    const actual = await balanceText(world, msisdn);
    const wanted = formatAmount(amount);
    if (actual !== wanted) failures.push(`balance of ${msisdn} is ${actual}, expected ${wanted}`);
  }
  for (const reply of expect.replies ?? []) {
    const texts = textsSince(world, facts.marks, reply.to);
    if (texts.some((t) => t.includes(reply.contains))) continue;
    const seen = texts.length === 0 ? 'none' : texts.map((t) => JSON.stringify(t)).join(', ');
    failures.push(
      `no SMS to ${reply.to} contains ${JSON.stringify(reply.contains)} (received: ${seen})`,
    );
  }
  if (expect.smsRefused !== undefined && expect.smsRefused !== (facts.smsRefused ?? false))
    failures.push(
      expect.smsRefused
        ? 'the SMS was sent, expected it to be refused'
        : 'the SMS was refused, expected it to be sent',
    );
  if (expect.status !== undefined) {
    const status = securedStatus(world, facts.marks, facts.actor);
    if (status !== expect.status)
      failures.push(
        `secured reply status is ${status ?? 'missing (no secured SMS reached the server)'}, expected ${expect.status}`,
      );
  }
  return failures;
}
