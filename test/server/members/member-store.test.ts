import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/ledger/sqlite-db.ts';
import { MemberStore } from '../../../server/members/member-store.ts';

const member = {
  msisdn: '+14088675309',
  bank: 'ci',
  acceptMode: 'auto' as const,
  pinHash: 'ab',
  registeredAt: 5,
};

describe('MemberStore', () => {
  it('registers a number once and keeps profile, limits and lists', () => {
    const store = new MemberStore(openSqlite(':memory:'));
    expect(store.insert(member)).toBe(true);
    expect(store.insert({ ...member, bank: 'ba' })).toBe(false);
    expect(store.get(member.msisdn)).toEqual({
      msisdn: member.msisdn,
      bank: 'ci',
      status: 'active',
      acceptMode: 'auto',
      limits: { perTransaction: null, daily: null, perHour: null },
      registeredAt: 5,
    });
    store.setAcceptMode(member.msisdn, 'manual');
    store.setLimits(member.msisdn, { perTransaction: 500n, daily: null, perHour: 3 });
    expect(store.get(member.msisdn)).toMatchObject({
      acceptMode: 'manual',
      limits: { perTransaction: 500n, daily: null, perHour: 3 },
    });
    store.addListEntry(member.msisdn, 'block', '+1900*');
    store.addListEntry(member.msisdn, 'block', '+1900*');
    store.addListEntry(member.msisdn, 'allow', 'premium');
    expect(store.listEntries(member.msisdn, 'block')).toEqual(['+1900*']);
    store.removeListEntry(member.msisdn, 'block', '+1900*');
    expect(store.listEntries(member.msisdn, 'block')).toEqual([]);
    expect(store.listEntries(member.msisdn, 'allow')).toEqual(['premium']);
    expect(store.get('+10000000000')).toBeUndefined();
  });
});
