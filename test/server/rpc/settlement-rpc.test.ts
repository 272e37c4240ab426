// settlement.run over a real WebSocket: the operator asks for a period and gets each bank's float
// dividend beside the net positions; a malformed or future period is refused, a number instead of
// the date string is an invalid parameter.
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE, OPERATOR, ServerUnderTest } from './server-harness.ts';

let s: ServerUnderTest | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const CI = '+14085550101';
const SYS = '+14085550103';
const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

describe('settlement.run over WebSocket', () => {
  it('reports the float dividend for the period asked for', async () => {
    s = await ServerUnderTest.start({
      settlement: { floatRatePercent: '3.65', systemFloatSharePercent: { ci: '50' } },
    });
    const op = await s.connect(OPERATOR);
    await op.ok('member.register', { msisdn: CI, pin: '1111', bank: 'ci' });
    await op.ok('member.register', { msisdn: SYS, pin: '3333' });
    await op.ok('funds.load', { msisdn: CI, amount: '2000', reference: 'l1' });
    await op.ok('funds.load', { msisdn: SYS, amount: '1000', reference: 'l2' });
    s.clock.advance(10 * DAY);
    const report = await op.ok('settlement.run', {
      reference: 'ten-days',
      from: String(T0),
      to: String(T0 + 10 * DAY),
    });
    // 3.65 % a year is 0.01 % a day: 2,000.00 for 10 days earns 2.00; the system's members'
    // 1,000.00 earns 1.00, half of it to ci.
    expect(report['float']).toEqual({
      from: String(T0),
      to: String(T0 + 10 * DAY),
      ratePercent: '3.6500',
      poolFloat: '3.00',
      systemMembersFloat: '1.00',
      systemRemainder: '0.50',
    });
    expect(report['dividends']).toEqual([
      {
        bank: 'ci',
        averageBalance: '2000.00',
        sharePercent: '50.0000',
        ownFloat: '2.00',
        systemShare: '0.50',
        dividend: '2.50',
      },
    ]);
  });

  it('refuses a period it cannot read, and lets only operators ask', async () => {
    s = await ServerUnderTest.start();
    const op = await s.connect(OPERATOR);
    const future = await op.call('settlement.run', { reference: 'x', to: String(T0 + DAY) });
    expect(future.error).toMatchObject({
      code: -32000,
      message: 'to must not be later than now',
      data: { code: 'INVALID_PARAMS' },
    });
    const number = await op.call('settlement.run', { reference: 'x', from: T0 });
    expect(number.error).toMatchObject({
      code: -32602,
      message: "parameter 'from' must be a string of at most 256 characters",
    });
    const device = await s.connect(DEVICE);
    expect((await device.call('settlement.run', { reference: 'x' })).error?.code).toBe(-32001);
  });
});
