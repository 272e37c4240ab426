import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../server/ledger/sqlite-db.ts';
import { MemberStore } from '../../../server/members/member-store.ts';
import { isValidPinFormat, PinHasher } from '../../../server/pin/pin-hash.ts';
import { checkPin, type PinStore } from '../../../server/pin/pin-guard.ts';

const pepper = new TextEncoder().encode('test-pepper-0123456789');

async function outcome(store: PinStore, hasher: PinHasher, msisdn: string, pin: unknown) {
  return (await checkPin(store, hasher, msisdn, pin)).outcome;
}

async function setup() {
  const db = openSqlite(':memory:');
  const store = new MemberStore(db);
  const hasher = new PinHasher(pepper);
  const msisdn = '+14088675309';
  await store.insert({
    msisdn,
    bank: 'ci',
    acceptMode: 'auto',
    pinHash: hasher.hash(msisdn, '1234'),
    registeredAt: 0,
  });
  return { db, store, hasher, msisdn };
}

describe('PIN hashing (HMAC-SHA256 with pepper)', () => {
  it('matches RFC 2104 HMAC-SHA256 of number:PIN and depends on pepper and number', () => {
    const hasher = new PinHasher(new TextEncoder().encode('key-key-key-key-'));
    // Independently computed: printf '+1555:1234' | openssl dgst -sha256 -hmac key-key-key-key-
    expect(hasher.hash('+1555', '1234')).toBe(
      '4922d7919ff3fa605875e7363862e49291f4391b66774d2fbfcd7e1aa1e3be6b',
    );
    expect(hasher.hash('+1555', '1234')).not.toBe(hasher.hash('+1556', '1234'));
    expect(new PinHasher(pepper).hash('+1555', '1234')).not.toBe(hasher.hash('+1555', '1234'));
    expect(hasher.matches('+1555', '1234', hasher.hash('+1555', '1234'))).toBe(true);
    expect(hasher.matches('+1555', '1235', hasher.hash('+1555', '1234'))).toBe(false);
    expect(hasher.matches('+1555', '1234', 'abcd')).toBe(false);
  });

  it('refuses a short pepper and malformed PINs', () => {
    expect(() => new PinHasher(new Uint8Array(8))).toThrow(/16 bytes/);
    expect(['1234', '12345678'].every(isValidPinFormat)).toBe(true);
    expect(['123', '123456789', '12a4', 1234, ''].some(isValidPinFormat)).toBe(false);
  });
});

describe('PIN check with lockout', () => {
  it('locks on the third wrong PIN and then refuses even the right one', async () => {
    const { store, hasher, msisdn } = await setup();
    expect(await outcome(store, hasher, msisdn, '0000')).toBe('wrong_pin');
    expect(await outcome(store, hasher, msisdn, '0001')).toBe('wrong_pin');
    expect(await outcome(store, hasher, msisdn, '0002')).toBe('locked');
    expect(await outcome(store, hasher, msisdn, '1234')).toBe('locked');
    expect((await store.get(msisdn))?.status).toBe('locked');
    await store.unlock(msisdn);
    expect(await outcome(store, hasher, msisdn, '1234')).toBe('ok');
  });

  it('resets the counter on a right PIN and counts malformed PINs as wrong', async () => {
    const { store, hasher, msisdn } = await setup();
    expect(await outcome(store, hasher, msisdn, '0000')).toBe('wrong_pin');
    expect(await outcome(store, hasher, msisdn, 1234)).toBe('wrong_pin');
    expect(await outcome(store, hasher, msisdn, '1234')).toBe('ok');
    expect(await outcome(store, hasher, msisdn, '0000')).toBe('wrong_pin');
    expect(await outcome(store, hasher, msisdn, '0000')).toBe('wrong_pin');
    expect(await outcome(store, hasher, msisdn, '+14088675310')).toBe('locked');
    expect(await outcome(store, hasher, '+19999999999', '1234')).toBe('unknown_member');
  });

  it('never stores the PIN itself', async () => {
    const { db } = await setup();
    const dump = JSON.stringify(db.prepare('SELECT * FROM members').all(), (_k, v) =>
      typeof v === 'bigint' ? String(v) : v,
    );
    expect(dump).not.toContain('1234');
  });
});
