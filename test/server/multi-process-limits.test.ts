// Two server cores on one PostgreSQL database, as two `simpay server` processes run them: a payer's
// sending limits (SOURCE-NOTES U-06, FR-06) hold when the payer sends, or accepts requests, through
// both at once; exactly the allowed payments go through, the others are refused with the limit's
// code, and the books stay balanced.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config/config.ts';
import type { ServerCore } from '../../server/core.ts';
import { MemoryOutbound } from '../../server/gateway/outbound.ts';
import { PaymentError } from '../../server/payments/errors.ts';
import { FakeClock } from './support/fake-clock.ts';
import { CoresOnPostgres } from '../support/pg-database.ts';
import { postgresAvailable } from './support/postgres.ts';

const ENV = { SIMPAY_PIN_PEPPER: 'limits-pepper-for-tests-only' };
const PAYER = '+14088675309';
const PAYEE = '+14154443214';
const PAYER_PIN = '1111';
const PAYEE_PIN = '2222';

const cores = new CoresOnPostgres('lim');

/** Two cores on one new database with the scheme's `limits`, the payer loaded with 100.00. */
async function twoCores(limits: Record<string, unknown>): Promise<[ServerCore, ServerCore]> {
  const db = await cores.freshDatabase();
  const clock = new FakeClock();
  const config = parseConfig({ banks: ['ci'], fees: [], limits }, ENV);
  const open = () => cores.open({ config, db, clock, outbound: new MemoryOutbound() });
  const a = await open();
  const b = await open();
  await a.service.register({ msisdn: PAYER, pin: PAYER_PIN });
  await a.service.register({ msisdn: PAYEE, pin: PAYEE_PIN });
  await a.service.load({ msisdn: PAYER, amount: '100.00', reference: 'cash' });
  return [a, b];
}

/** Each outcome's name: the payment's status, or the refusal's code. */
async function outcomes(calls: readonly Promise<{ status: string }>[]): Promise<string[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((s) => {
    if (s.status === 'fulfilled') return s.value.status;
    if (s.reason instanceof PaymentError) return s.reason.code;
    throw s.reason;
  });
}

const count = (list: readonly string[], name: string) => list.filter((x) => x === name).length;

/** Sums over every account of the shared ledger (both must be zero), and both members' balances. */
async function books(core: ServerCore) {
  const accounts = await core.service.ctx.ledger.allAccounts();
  const posted = accounts.reduce((s, a) => s + a.creditsPosted - a.debitsPosted, 0n);
  const pending = accounts.reduce((s, a) => s + a.creditsPending - a.debitsPending, 0n);
  const payer = (await core.service.balanceOf(PAYER))['available'];
  const payee = (await core.service.balanceOf(PAYEE))['available'];
  return { posted, pending, payer, payee };
}

/** Sends `amount` from the payer to the payee `n` times at once, alternating between the cores. */
function sendThroughBoth(cores2: readonly ServerCore[], n: number, amount: string) {
  return Array.from({ length: n }, (_u, i) =>
    (cores2[i % 2] as ServerCore).service.send({
      msisdn: PAYER,
      pin: PAYER_PIN,
      to: PAYEE,
      amount,
      reference: `r${i}`,
    }),
  );
}

describe.skipIf(!postgresAvailable())('sending limits across two server cores', () => {
  cores.hooks();

  it('lets exactly the hourly number of payments through, sent to both at once', async () => {
    const perHour = 6;
    const [a, b] = await twoCores({ perHour });
    const results = await outcomes(sendThroughBoth([a, b], 2 * perHour, '1.00'));
    expect(count(results, 'completed')).toBe(perHour);
    expect(count(results, 'LIMIT_VELOCITY')).toBe(perHour);
    expect(await books(b)).toEqual({ posted: 0n, pending: 0n, payer: '94.00', payee: '6.00' });
    expect(await a.service.ctx.payments.sentSince(PAYER, 0, 0)).toEqual({ total: 600n, count: 6 });
  });

  it('keeps the rolling daily total when payments arrive at both at once', async () => {
    const [a, b] = await twoCores({ daily: '10.00' });
    const results = await outcomes(sendThroughBoth([a, b], 8, '3.00'));
    expect(count(results, 'completed')).toBe(3);
    expect(count(results, 'LIMIT_DAILY')).toBe(5);
    expect(await books(a)).toEqual({ posted: 0n, pending: 0n, payer: '91.00', payee: '9.00' });
  });

  it('counts requests accepted through both at once against the payer limits', async () => {
    const perHour = 4;
    const [a, b] = await twoCores({ perHour });
    const asked = [];
    for (let i = 0; i < 2 * perHour; i += 1)
      asked.push(
        await a.service.request({
          msisdn: PAYEE,
          pin: PAYEE_PIN,
          from: PAYER,
          amount: '2.00',
          reference: `ask${i}`,
        }),
      );
    const accepts = asked.map((r, i) =>
      (i % 2 ? a : b).service.accept({ msisdn: PAYER, pin: PAYER_PIN, paymentId: r.paymentId }),
    );
    const results = await outcomes(accepts);
    expect(count(results, 'completed')).toBe(perHour);
    expect(count(results, 'LIMIT_VELOCITY')).toBe(perHour);
    expect(await books(b)).toEqual({ posted: 0n, pending: 0n, payer: '92.00', payee: '8.00' });
  });
});
