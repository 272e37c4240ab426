// Member records on SQLite and PostgreSQL: registration once per number, profile, limits, lists,
// and the PIN check's counter under concurrent wrong guesses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPin } from '../../../server/pin/pin-guard.ts';
import { PinHasher } from '../../../server/pin/pin-hash.ts';
import { paymentBackends } from '../../support/payment-backends.ts';

const member = {
  msisdn: '+14088675309',
  bank: 'ci',
  acceptMode: 'auto' as const,
  pinHash: 'ab',
  registeredAt: 5,
};

const backends = paymentBackends();
beforeAll(() => backends.start(), 120_000);
afterAll(() => backends.stop());

for (const backend of backends.list)
  describe.skipIf(!backend.available)(`member records on ${backend.name}`, () => {
    it('registers a number once and keeps profile, limits and lists', async () => {
      const store = (await backend.open()).members;
      expect(await store.insert(member)).toBe(true);
      expect(await store.insert({ ...member, bank: 'ba' })).toBe(false);
      expect(await store.get(member.msisdn)).toEqual({
        msisdn: member.msisdn,
        bank: 'ci',
        status: 'active',
        acceptMode: 'auto',
        limits: { perTransaction: null, daily: null, perHour: null },
        registeredAt: 5,
      });
      await store.setAcceptMode(member.msisdn, 'manual');
      await store.setLimits(member.msisdn, { perTransaction: 500n, daily: null, perHour: 3 });
      expect(await store.get(member.msisdn)).toMatchObject({
        acceptMode: 'manual',
        limits: { perTransaction: 500n, daily: null, perHour: 3 },
      });
      await store.addListEntry(member.msisdn, 'block', '+1900*');
      await store.addListEntry(member.msisdn, 'block', '+1900*');
      await store.addListEntry(member.msisdn, 'allow', 'premium');
      await store.addListEntry(member.msisdn, 'block', '+1408*');
      expect(await store.lists(member.msisdn)).toEqual({
        block: ['+1408*', '+1900*'],
        allow: ['premium'],
      });
      await store.removeListEntry(member.msisdn, 'block', '+1900*');
      expect(await store.lists(member.msisdn)).toEqual({ block: ['+1408*'], allow: ['premium'] });
      expect(await store.lists('+10000000000')).toEqual({ block: [], allow: [] });
      expect(await store.get('+10000000000')).toBeUndefined();
    });

    it('counts every one of concurrent wrong PINs and locks on the third', async () => {
      const store = (await backend.open()).members;
      const hasher = new PinHasher(new TextEncoder().encode('test-pepper-0123456789'));
      const pinHash = hasher.hash(member.msisdn, '1234');
      await store.insert({ ...member, pinHash });
      const guesses = ['0000', '0001', '0002', '0003'].map((pin) =>
        checkPin(store, hasher, member.msisdn, pin),
      );
      const outcomes = (await Promise.all(guesses)).map((c) => c.outcome).sort();
      expect(outcomes).toEqual(['locked', 'locked', 'wrong_pin', 'wrong_pin']);
      expect((await checkPin(store, hasher, member.msisdn, '1234')).outcome).toBe('locked');
      await store.unlock(member.msisdn);
      const ok = await checkPin(store, hasher, member.msisdn, '1234');
      expect(ok).toMatchObject({
        outcome: 'ok',
        member: { msisdn: member.msisdn, status: 'active' },
      });
    });
  });
