// The simulated SMS centre in front of the real SMS gateway: secured payment SMS from an adaptor's
// handset cross a carrier that drops, duplicates and reorders, and each payment is made once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAddress } from '../../../protocol/sms/address.ts';
import { decodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { createRandom } from '../../../modem/random.ts';
import { handsetCarrierPort } from '../../../server/carrier/carrier-ports.ts';
import { ManualScheduler } from '../../../server/carrier/scheduler.ts';
import { Smsc } from '../../../server/carrier/smsc.ts';
import type { MtSms } from '../../../server/carrier/smsc-types.ts';
import {
  ALICE,
  ALICE_PIN,
  BOB,
  SERVER_NUMBER,
  aliceAndBob,
  type GatewayHarness,
} from '../gateway/gateway-harness.ts';

let h: GatewayHarness;

beforeEach(async () => {
  h = await aliceAndBob();
});
afterEach(() => h.close());

const pay = (amount: string) => ({
  keyword: 'PAY' as const,
  amount,
  target: BOB.slice(2),
  pin: ALICE_PIN,
});

/** The carrier with the gateway behind the short code; replies go back through the carrier. */
function carrierWithGateway(seed: number) {
  const scheduler = new ManualScheduler();
  const smsc = new Smsc(scheduler, createRandom(seed), {
    faults: { latencyMs: 100, drop: 0.2, duplicate: 0.3, reorder: 0.3 },
    retryIntervalMs: 2000,
    maxAttempts: 30,
  });
  const outcomes: string[] = [];
  smsc.attachApplication(SERVER_NUMBER, async (from, tpdu) => {
    const before = h.outbound.sent.length;
    outcomes.push((await h.gateway.handleInboundSms(from, tpdu)).outcome);
    for (const sms of h.outbound.sent.slice(before))
      smsc.sendFromApplication(SERVER_NUMBER, sms.msisdn, sms.tpdu);
  });
  const inbox = new Map<string, MtSms[]>([
    [ALICE, []],
    [BOB, []],
  ]);
  for (const [msisdn, list] of inbox) smsc.attach(msisdn, (sms) => void list.push(sms));
  return { scheduler, smsc, outcomes, inbox };
}

describe('carrier in front of the SMS gateway', () => {
  it('makes each secured payment once through dropped, duplicated and reordered SMS', async () => {
    const c = carrierWithGateway(17);
    const port = handsetCarrierPort(c.smsc, ALICE);
    const amounts = ['1', '2', '3', '4', '5', '6'];
    for (const [i, amount] of amounts.entries()) {
      const counter = i + 1;
      const tpdu = h.submitFor(h.packetFor(pay(amount), counter), counter);
      await port.submit({ serviceCentre: c.smsc.address, tpdu });
      await c.scheduler.advance(50);
    }
    await c.scheduler.runUntilIdle();
    expect(
      c.smsc.count('duplicated') + c.smsc.count('held') + c.smsc.count('dropped'),
    ).toBeGreaterThan(0);
    expect(c.outcomes.filter((o) => o === 'executed')).toHaveLength(6);
    expect(c.outcomes).toContain('retransmission');
    expect(await h.available(ALICE)).toBe('79.00');
    expect(await h.available(BOB)).toBe('21.00');
    const replies = c.inbox.get(ALICE)!.map((m) => decodeSmsDeliver(m.tpdu));
    expect(replies.length).toBeGreaterThanOrEqual(6);
    for (const reply of replies) {
      expect(formatAddress(reply.originator)).toBe(SERVER_NUMBER);
      expect(reply.pid).toBe(0x7f);
    }
    expect(c.smsc.queued).toBe(0);
  });

  it('answers a replayed secured SMS without paying again', async () => {
    const c = carrierWithGateway(18);
    const port = handsetCarrierPort(c.smsc, ALICE);
    for (const counter of [1, 2, 3]) {
      const tpdu = h.submitFor(h.packetFor(pay(String(counter)), counter), counter);
      await port.submit({ serviceCentre: c.smsc.address, tpdu });
    }
    await c.scheduler.runUntilIdle();
    h.clock.advance(600_000);
    const before = c.outcomes.length;
    expect(c.smsc.replay(ALICE, 1)).toBe(1);
    await c.scheduler.runUntilIdle();
    expect(new Set(c.outcomes.slice(before))).toEqual(new Set(['retransmission']));
    expect(await h.available(ALICE)).toBe('94.00');
  });
});
