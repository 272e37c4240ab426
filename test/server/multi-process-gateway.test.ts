// Two server cores on one PostgreSQL database, as two `simpay server` processes run them (DESIGN.md
// "Encryption and sequence numbers"): the same secured SMS delivered to both at the same moment runs
// once and both answer with the same reply bytes; a device's counter window and stored replies
// survive a restart of the core; voice transaction numbers and IVR counters are shared.
import { describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine } from '../../bridge/crypto/node-block-cipher.ts';
import {
  requestData,
  type PaymentRequest,
} from '../../firmware-sim/adaptor/generator/payment-request.ts';
import { securedSubmit } from '../../firmware-sim/adaptor/generator/server-sms.ts';
import { sealForServer } from '../../firmware-sim/adaptor/secured-channel.ts';
import { toHex } from '../../protocol/bytes/index.ts';
import { encodeSmsSubmit } from '../../protocol/sms/sms-submit.ts';
import { textSubmits } from '../../protocol/sms/text-messages.ts';
import { parseConfig } from '../../server/config/config.ts';
import type { ServerCore } from '../../server/core.ts';
import { newDevice } from '../../server/gateway/device-setup.ts';
import { MemoryOutbound } from '../../server/gateway/outbound.ts';
import { IvrCounterCheck } from '../../server/ivr/ivr-counters.ts';
import {
  ADAPTOR_SETTINGS,
  ALICE,
  ALICE_PIN,
  BOB,
  BOB_PIN,
  SERVER_NUMBER,
} from './gateway/gateway-harness.ts';
import { FakeClock } from './support/fake-clock.ts';
import { CoresOnPostgres } from '../support/pg-database.ts';
import { postgresAvailable } from './support/postgres.ts';

const ENV = { SIMPAY_PIN_PEPPER: 'gateway-pepper-for-tests-only' };
const ROUNDS = 12;
const engine = new NodeBlockCipherEngine();

const cores = new CoresOnPostgres('gw');

/** One server core on `db`, as one process opens it. */
async function core(db: string, clock: FakeClock) {
  const outbound = new MemoryOutbound();
  const config = parseConfig({ banks: ['ci'], fees: [] }, ENV);
  const opened = await cores.open({ config, db, clock, outbound, serverNumber: SERVER_NUMBER });
  return { core: opened, outbound };
}

/** Alice and Bob as members, Alice with the adaptor of ADAPTOR_SETTINGS. */
async function enrol(c: ServerCore, clock: FakeClock) {
  await c.service.register({ msisdn: ALICE, pin: ALICE_PIN });
  await c.service.register({ msisdn: BOB, pin: BOB_PIN });
  await c.service.load({ msisdn: ALICE, amount: '100', reference: 'load-alice' });
  const { kic: kicKey, kid: kidKey } = ADAPTOR_SETTINGS.keys;
  await c.gateway.registry.put(newDevice({ msisdn: ALICE, kicKey, kidKey }, clock.now()));
}

/** The SMS-SUBMIT Alice's adaptor sends for a payment of `amount` to Bob under `counter`. */
function paymentSms(amount: string, counter: number): Uint8Array {
  const request: PaymentRequest = { keyword: 'PAY', amount, target: BOB.slice(2), pin: ALICE_PIN };
  const packet = sealForServer(requestData(request), counter, ADAPTOR_SETTINGS, engine);
  return encodeSmsSubmit(securedSubmit(packet, SERVER_NUMBER, 0, counter));
}

const repliesTo = (outbound: MemoryOutbound, from: number) =>
  outbound.sent
    .slice(from)
    .filter((s) => s.msisdn === ALICE)
    .map((s) => toHex(s.tpdu));

describe.skipIf(!postgresAvailable())('two server cores on one PostgreSQL database', () => {
  cores.hooks();

  it('runs a secured SMS delivered to both at once once, both answering with its reply', async () => {
    const db = await cores.freshDatabase();
    const clock = new FakeClock();
    const [a, b] = [await core(db, clock), await core(db, clock)];
    await enrol(a.core, clock);
    for (let counter = 1; counter <= ROUNDS; counter++) {
      const sms = paymentSms('1', counter);
      const marks = [a.outbound.sent.length, b.outbound.sent.length];
      const results = await Promise.all([
        a.core.gateway.handleInboundSms(ALICE, sms),
        b.core.gateway.handleInboundSms(ALICE, sms),
      ]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['executed', 'retransmission']);
      const fromA = repliesTo(a.outbound, marks[0]!);
      expect(fromA).toHaveLength(1);
      expect(repliesTo(b.outbound, marks[1]!)).toEqual(fromA);
    }
    expect((await b.core.service.balanceOf(ALICE)).available).toBe(`${100 - ROUNDS}.00`);
    expect((await a.core.service.balanceOf(BOB)).available).toBe(`${ROUNDS}.00`);
  });

  it('keeps the counter window and the stored reply across a restart of the core', async () => {
    const db = await cores.freshDatabase();
    const clock = new FakeClock();
    const first = await core(db, clock);
    await enrol(first.core, clock);
    const sms = paymentSms('7', 1);
    expect((await first.core.gateway.handleInboundSms(ALICE, sms)).outcome).toBe('executed');
    const reply = repliesTo(first.outbound, 0);
    await cores.closeLast();
    clock.advance(3_600_000);
    const again = await core(db, clock);
    expect((await again.core.gateway.handleInboundSms(ALICE, sms)).outcome).toBe('retransmission');
    expect(repliesTo(again.outbound, 0)).toEqual(reply);
    const reused = await again.core.gateway.handleInboundSms(ALICE, paymentSms('8', 1));
    expect(reused.outcome).toBe('rejected');
    expect((await again.core.service.balanceOf(BOB)).available).toBe('7.00');
    expect((await again.core.gateway.registry.get(ALICE))?.window.highest).toBe(1);
  });

  it('releases a plain command held on one core with the PIN sent to the other, once', async () => {
    const db = await cores.freshDatabase();
    const clock = new FakeClock();
    const [a, b] = [await core(db, clock), await core(db, clock)];
    await enrol(a.core, clock);
    await a.core.gateway.registry.setPlainSmsAllowed(ALICE, true);
    const text = (t: string) => encodeSmsSubmit(textSubmits(SERVER_NUMBER, t)[0]!);
    await a.core.gateway.handleInboundSms(ALICE, text(`PAY 4 ${BOB.slice(2)}`));
    clock.advance(1000);
    await b.core.gateway.handleInboundSms(ALICE, text(`PIN ${ALICE_PIN}`));
    expect((await a.core.service.balanceOf(BOB)).available).toBe('4.00');
    expect((await a.core.gateway.releasePin(ALICE, ALICE_PIN)).found).toBe('none');
    expect((await b.core.service.balanceOf(BOB)).available).toBe('4.00');
  });

  it('hands out voice transaction numbers no other core hands out, one per payment', async () => {
    const db = await cores.freshDatabase();
    const clock = new FakeClock();
    const [a, b] = [await core(db, clock), await core(db, clock)];
    const ids = Array.from({ length: 40 }, (_, i) => `payment-${i}`);
    const numbers = await Promise.all(
      ids.flatMap((id) => [a.core.transactions.numberFor(id), b.core.transactions.numberFor(id)]),
    );
    for (let i = 0; i < ids.length; i++) expect(numbers[2 * i]).toBe(numbers[2 * i + 1]);
    const distinct = new Set(numbers.filter((_, i) => i % 2 === 0));
    expect(distinct.size).toBe(ids.length);
    expect(distinct.has(await b.core.transactions.numberFor('payment-later'))).toBe(false);
  });

  it("lets one core only accept an IVR request's counter that both check at once", async () => {
    const db = await cores.freshDatabase();
    const clock = new FakeClock();
    const [a, b] = [await core(db, clock), await core(db, clock)];
    const fingerprint = Uint8Array.of(1, 2, 3);
    for (let counter = 1; counter <= ROUNDS; counter++) {
      const checks = [a, b].map((c) =>
        new IvrCounterCheck({ store: c.core.ivrCounters, callerId: ALICE }).check(
          counter,
          fingerprint,
        ),
      );
      const settled = await Promise.allSettled(checks);
      const executed = settled.filter(
        (s) => s.status === 'fulfilled' && s.value.kind === 'execute',
      );
      expect(executed).toHaveLength(1);
    }
    const held = await b.core.ivrCounters.load(ALICE);
    expect(held?.window.highest).toBe(ROUNDS);
  });

  it('gives one payment the same handle and two payments two handles from either core', async () => {
    const db = await cores.freshDatabase();
    const clock = new FakeClock();
    const [a, b] = [await core(db, clock), await core(db, clock)];
    const handles = await Promise.all(
      ['p1', 'p2', 'p3'].flatMap((id) => [
        a.core.gateway.handles.assign(BOB, id),
        b.core.gateway.handles.assign(BOB, id),
      ]),
    );
    expect(handles[0]).toBe(handles[1]);
    expect(handles[2]).toBe(handles[3]);
    expect(handles[4]).toBe(handles[5]);
    expect(new Set(handles).size).toBe(3);
    expect(await b.core.gateway.handles.resolve(BOB, String(handles[2]))).toBe('p2');
  });
});
