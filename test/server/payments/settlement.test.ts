// settlement.run's float dividend through the payment service, on SQLite and on PostgreSQL: a
// hand-computed 30-day period at 5 % a year, the default period, pending payments, and refused
// periods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentError } from '../../../server/payments/errors.ts';
import { paymentBackends, type PaymentBackend } from '../../support/payment-backends.ts';

const CI = '+14085550101';
const BA = '+14085550102';
const SYS = '+14085550103';
const DAY = 86_400_000;
const T0 = 1_700_000_000_000;
const SETTINGS = {
  fees: [],
  settlement: { floatRatePercent: '5', systemFloatSharePercent: { ci: '10', ba: '25' } },
};

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (error instanceof PaymentError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'none';
}

const backends = paymentBackends();
beforeAll(() => backends.start(), 120_000);
afterAll(() => backends.stop());

for (const backend of backends.list)
  describe.skipIf(!backend.available)(`settlement dividend on ${backend.name}`, () =>
    dividendCases(backend),
  );

function dividendCases(backend: PaymentBackend) {
  /** ci's member holds 1,000.00 all 30 days, ba's from day 15, the system's member all 30. */
  async function month() {
    const h = await backend.open(SETTINGS);
    await h.service.register({ msisdn: CI, pin: '1111', bank: 'ci' });
    await h.service.register({ msisdn: BA, pin: '2222', bank: 'ba', acceptMode: 'manual' });
    await h.service.register({ msisdn: SYS, pin: '3333' });
    await h.service.load({ msisdn: CI, amount: '1000', reference: 'l1' });
    await h.service.load({ msisdn: SYS, amount: '1000', reference: 'l3' });
    h.clock.advance(15 * DAY);
    await h.service.load({ msisdn: BA, amount: '1000', reference: 'l2' });
    h.clock.advance(15 * DAY);
    return h;
  }

  it('pays each bank its members float and its share of the system members float', async () => {
    const h = await month();
    const r = await h.service.settlement({
      reference: 'm1',
      from: String(T0),
      to: String(T0 + 30 * DAY),
    });
    // 1,000.00 × 5 % × 30/365 = 4.1095…; × 15/365 = 2.0547…; 10 % of 4.1095… = 0.4109…,
    // 25 % = 1.0273…; pool 10.2739…; every bank's amount rounded down, the system keeps the rest.
    expect(r.float).toEqual({
      from: String(T0),
      to: String(T0 + 30 * DAY),
      ratePercent: '5.0000',
      poolFloat: '10.27',
      systemMembersFloat: '4.10',
      systemRemainder: '2.69',
    });
    expect(r.dividends).toEqual([
      {
        bank: 'ci',
        averageBalance: '1000.00',
        sharePercent: '10.0000',
        ownFloat: '4.10',
        systemShare: '0.41',
        dividend: '4.51',
      },
      {
        bank: 'ba',
        averageBalance: '500.00',
        sharePercent: '25.0000',
        ownFloat: '2.05',
        systemShare: '1.02',
        dividend: '3.07',
      },
    ]);
    expect(r.positions.map((p) => [p.bank, p.obligations, p.net])).toEqual([
      ['ci', '1000.00', '0.00'],
      ['ba', '1000.00', '0.00'],
      ['system', '1000.00', '0.00'],
    ]);
  });

  it('takes the last 24 hours by default and counts a day-old balance whole', async () => {
    const h = await month();
    const r = await h.service.settlement({ reference: 'd1' });
    expect([r.float.from, r.float.to]).toEqual([String(T0 + 29 * DAY), String(T0 + 30 * DAY)]);
    // 1,000.00 × 5 % / 365 = 0.1369…
    expect(r.dividends.map((d) => [d.bank, d.ownFloat, d.systemShare, d.averageBalance])).toEqual([
      ['ci', '0.13', '0.01', '1000.00'],
      ['ba', '0.13', '0.03', '1000.00'],
    ]);
    expect(r.float).toMatchObject({ poolFloat: '0.41', systemRemainder: '0.11' });
  });

  it('leaves a reserved payment with the payer until it is accepted', async () => {
    const h = await month();
    const sent = await h.service.send({
      msisdn: CI,
      pin: '1111',
      to: BA,
      amount: '400',
      reference: 'big',
    });
    h.clock.advance(10 * DAY);
    await h.service.accept({ msisdn: BA, pin: '2222', paymentId: sent.paymentId });
    h.clock.advance(10 * DAY);
    const r = await h.service.settlement({
      reference: 'p1',
      from: String(T0 + 30 * DAY),
      to: String(T0 + 50 * DAY),
    });
    // ci: 1,000.00 for 10 days (reserved or not), then 600.00: 1.3698… + 0.8219… = 2.1917…;
    // ba: 1,000.00 for 10 days, then 1,400.00: 1.3698… + 1.9178… = 3.2876….
    expect(r.dividends.map((d) => [d.bank, d.averageBalance, d.ownFloat])).toEqual([
      ['ci', '800.00', '2.19'],
      ['ba', '1200.00', '3.28'],
    ]);
  });

  it.each([
    [{ from: 'yesterday' }, 'INVALID_PARAMS: from must be epoch milliseconds as a string'],
    [{ to: '-5' }, 'INVALID_PARAMS: to must be epoch milliseconds as a string'],
    [{ to: String(T0 + 31 * DAY) }, 'INVALID_PARAMS: to must not be later than now'],
    [
      { from: String(T0 + 2 * DAY), to: String(T0 + DAY) },
      'INVALID_PARAMS: from must not be later than to',
    ],
  ])('refuses the period %j', async (period, why) => {
    const h = await month();
    expect(await refusal(h.service.settlement({ reference: 'bad', ...period }))).toBe(why);
  });

  it('reports nothing earned over an empty period and still posts the positions', async () => {
    const h = await month();
    await h.service.send({ msisdn: CI, pin: '1111', to: SYS, amount: '100', reference: 'x' });
    const at = String(T0 + 30 * DAY);
    const r = await h.service.settlement({ reference: 's1', from: at, to: at, post: true });
    expect(r.posted).toEqual(['settle:s1:ci', 'settle:s1:system']);
    expect(r.float).toMatchObject({ poolFloat: '0.00', systemRemainder: '0.00' });
    expect(r.dividends.every((d) => d.dividend === '0.00' && d.averageBalance === '0.00')).toBe(
      true,
    );
  });
}
