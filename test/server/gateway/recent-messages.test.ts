// Idempotency keys of plain SMS (SOURCE-NOTES X-03, IDK-06) on both databases: one reference per
// message within the day even from two stores at once (two processes), a new one after it, and the
// expired ones forgotten.
import { afterEach, expect, it } from 'vitest';
import { RecentMessages, DEFAULT_REPEAT_TTL_MS } from '../../../server/gateway/recent-messages.ts';
import { describeOnGatewayBackends, type GatewayWorld } from '../../support/gateway-backends.ts';
import { FakeClock } from '../support/fake-clock.ts';

const ENV = { SIMPAY_PIN_PEPPER: 'recent-pepper-for-tests-only' };
describeOnGatewayBackends('recent plain SMS', (backend) => {
  let world: GatewayWorld;
  const clock = new FakeClock();
  afterEach(() => world.close());

  it('gives a message one reference from two stores at once, a new one after the day', async () => {
    world = await backend.open(clock, ENV);
    const one = new RecentMessages(world.recent, clock);
    const two = new RecentMessages(world.reopen().recent, clock);
    const texts = Array.from({ length: 20 }, (_, i) => `PAY ${i + 1} 4085551212`);
    const refs = await Promise.all(
      texts.flatMap((t) => [one.referenceFor('+1', 7, t), two.referenceFor('+1', 7, t)]),
    );
    for (let i = 0; i < texts.length; i++) expect(refs[2 * i]).toBe(refs[2 * i + 1]);
    expect(new Set(refs).size).toBe(texts.length);
    expect(await two.referenceFor('+1', 8, texts[0]!)).not.toBe(refs[0]);
    clock.advance(DEFAULT_REPEAT_TTL_MS);
    expect(await one.referenceFor('+1', 7, texts[0]!)).toBe(refs[0]);
    clock.advance(1);
    const renewed = await one.referenceFor('+1', 7, texts[0]!);
    expect(renewed).not.toBe(refs[0]);
    expect(await two.referenceFor('+1', 7, texts[0]!)).toBe(renewed);
  });

  it('forgets what was kept before the given time', async () => {
    world = await backend.open(clock, ENV);
    const at = clock.now();
    expect(await world.recent.remember('k', 'first', at, at - 10)).toBe('first');
    expect(await world.recent.remember('k', 'second', at + 5, at - 10)).toBe('first');
    await world.recent.forget(at + 1);
    expect(await world.recent.remember('k', 'third', at + 6, at + 5)).toBe('third');
  });
});
