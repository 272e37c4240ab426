// The IVR's durable state on both databases: counter windows with their stored replies and
// violations, read again by a store opened anew (a restarted process), voice transaction numbers
// stable per payment, and on PostgreSQL a save over counters another process changed is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { IvrCounterCheck } from '../../../server/ivr/ivr-counters.ts';
import { CounterConflictError } from '../../../server/ivr/pg-counter-store.ts';
import { describeOnGatewayBackends, type GatewayWorld } from '../../support/gateway-backends.ts';
import { FakeClock } from '../support/fake-clock.ts';

const ENV = { SIMPAY_PIN_PEPPER: 'ivr-pepper-for-tests-only' };
const CALLER = '+14088675309';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const policy = { window: 4, maxAhead: 10, maxViolations: 2 };
const backends = describeOnGatewayBackends('IVR state', (backend) => {
  let world: GatewayWorld;
  afterEach(() => world.close());
  const checkOn = (w: { ivrCounters: GatewayWorld['ivrCounters'] }) =>
    new IvrCounterCheck({ store: w.ivrCounters, callerId: CALLER, policy });

  it('keeps windows, stored replies and violations for a store opened again', async () => {
    world = await backend.open(new FakeClock(), ENV);
    const first = checkOn(world);
    expect(await first.check(5, bytes('*5*001'))).toEqual({ kind: 'execute' });
    await first.recordReply(5, '*5*900');
    expect(await first.check(5, bytes('*5*002'))).toEqual({ kind: 'refuse', reason: 'reused' });
    const second = checkOn(world.reopen());
    expect(await second.check(5, bytes('*5*001'))).toEqual({ kind: 'repeat', payload: '*5*900' });
    expect(await second.check(5, bytes('*5*003'))).toEqual({ kind: 'refuse', reason: 'reused' });
    expect(await second.check(6, bytes('*6*001'))).toEqual({ kind: 'refuse', reason: 'frozen' });
    expect(await world.ivrCounters.load('+14085551212')).toBeUndefined();
  });

  it('numbers each payment once, the same number from a store opened again', async () => {
    world = await backend.open(new FakeClock(), ENV);
    const a = await world.transactions.numberFor('pay-a');
    const b = await world.transactions.numberFor('pay-b');
    expect(a).toMatch(/^[0-9]{1,12}$/);
    expect(b).not.toBe(a);
    expect(await world.reopen().transactions.numberFor('pay-a')).toBe(a);
    expect(await world.transactions.numberFor('pay-b')).toBe(b);
  });
});

describe.skipIf(!backends.list[1].available)('IVR counters on PostgreSQL, two processes', () => {
  let world: GatewayWorld;
  afterEach(() => world.close());

  it('refuses a save over counters another store saved since they were loaded', async () => {
    world = await backends.list[1].open(new FakeClock(), ENV);
    const other = world.reopen().ivrCounters;
    expect(await world.ivrCounters.load(CALLER)).toBeUndefined();
    expect(await other.load(CALLER)).toBeUndefined();
    const saved = {
      window: { initial: 0, highest: 1, accepted: [], violations: 0, frozen: false },
    };
    await other.save(CALLER, { ...saved, replies: [] });
    await expect(world.ivrCounters.save(CALLER, { ...saved, replies: [] })).rejects.toThrow(
      CounterConflictError,
    );
    await world.ivrCounters.load(CALLER);
    await world.ivrCounters.save(CALLER, { ...saved, replies: [{ counter: 1, payload: '*1*' }] });
    await expect(other.save(CALLER, { ...saved, replies: [] })).rejects.toThrow(
      CounterConflictError,
    );
    expect((await other.load(CALLER))?.replies).toEqual([{ counter: 1, payload: '*1*' }]);
  });

  it('serves each load with one save, so two calls on one store cannot both save', async () => {
    world = await backends.list[1].open(new FakeClock(), ENV);
    const store = world.ivrCounters;
    const at = (highest: number) => ({
      window: { initial: 0, highest, accepted: [], violations: 0, frozen: false },
      replies: [],
    });
    for (const highest of [1, 2]) {
      await store.load(CALLER);
      await store.load(CALLER);
      await store.save(CALLER, at(highest));
      await expect(store.save(CALLER, at(9))).rejects.toThrow(CounterConflictError);
    }
    expect((await store.load(CALLER))?.window.highest).toBe(2);
  });
});
