// Example-based checks of the ledger semantics (TigerBeetle create_accounts / create_transfers),
// shared by every ledger store so that SQLite, PostgreSQL and memory behave alike.
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountFlags,
  TransferFlags,
  type Ledger,
  type TransferInput,
} from '../../../server/ledger/index.ts';
import { FakeClock } from './fake-clock.ts';

const t = (id: string, dr: string, cr: string, amount: bigint, more: Partial<TransferInput> = {}) =>
  ({
    id,
    debitAccountId: dr,
    creditAccountId: cr,
    amount,
    ledger: 'USD',
    code: 1,
    flags: 0,
    ...more,
  }) as TransferInput;

/** The example table of ledger behaviour, run against one store. */
export function describeLedgerExamples(name: string, make: (clock: FakeClock) => Promise<Ledger>) {
  describe(`${name} ledger (TigerBeetle transfer semantics)`, () => {
    let ledger: Ledger;
    let clock: FakeClock;
    afterEach(async () => ledger.close());

    async function setup() {
      clock = new FakeClock();
      ledger = await make(clock);
      const results = await ledger.createAccounts([
        { id: 'bank', ledger: 'USD', code: 1, flags: 0 },
        { id: 'alice', ledger: 'USD', code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
        { id: 'bob', ledger: 'USD', code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
        { id: 'eur', ledger: 'EUR', code: 2, flags: 0 },
      ]);
      expect(results.map((r) => r.result)).toEqual(['ok', 'ok', 'ok', 'ok']);
      await ledger.createTransfers([t('load', 'bank', 'alice', 1000n)]);
    }

    async function balance(id: string) {
      const [a] = await ledger.lookupAccounts([id]);
      if (!a) throw new Error(`no account ${id}`);
      return {
        dp: a.debitsPending,
        dpo: a.debitsPosted,
        cp: a.creditsPending,
        cpo: a.creditsPosted,
      };
    }

    it('answers exists for the same account and names the differing field otherwise', async () => {
      await setup();
      const again = await ledger.createAccounts([
        { id: 'bank', ledger: 'USD', code: 1, flags: 0 },
        { id: 'bank', ledger: 'USD', code: 9, flags: 0 },
        { id: 'x', ledger: 'USD', code: 1, flags: 6 },
        { id: 'bad id', ledger: 'USD', code: 1, flags: 0 },
      ]);
      expect(again.map((r) => r.result)).toEqual([
        'exists',
        'exists_with_different_code',
        'flags_are_mutually_exclusive',
        'id_invalid',
      ]);
    });

    it('posts a transfer and refuses an overdraft (debits_must_not_exceed_credits)', async () => {
      await setup();
      const r = await ledger.createTransfers([
        t('p1', 'alice', 'bob', 600n),
        t('p2', 'alice', 'bob', 600n),
        t('p3', 'alice', 'bob', 400n),
      ]);
      expect(r.map((x) => x.result)).toEqual(['ok', 'exceeds_credits', 'ok']);
      expect(await balance('alice')).toEqual({ dp: 0n, dpo: 1000n, cp: 0n, cpo: 1000n });
      expect(await balance('bob')).toEqual({ dp: 0n, dpo: 0n, cp: 0n, cpo: 1000n });
    });

    it('treats the id as idempotency key: same content replays the first result', async () => {
      await setup();
      const [first] = await ledger.createTransfers([t('p1', 'alice', 'bob', 300n)]);
      const [retry] = await ledger.createTransfers([t('p1', 'alice', 'bob', 300n)]);
      expect(retry).toEqual({ ...first, replayed: true });
      const [other] = await ledger.createTransfers([t('p1', 'alice', 'bob', 301n)]);
      expect(other?.result).toBe('exists_with_different_amount');
      expect((await balance('alice')).dpo).toBe(300n);
    });

    it('keeps the first failure of an id: a retry after funding still answers it', async () => {
      await setup();
      const [fail] = await ledger.createTransfers([t('big', 'alice', 'bob', 5000n)]);
      expect(fail).toMatchObject({ result: 'exceeds_credits', replayed: false });
      await ledger.createTransfers([t('load2', 'bank', 'alice', 9000n)]);
      const [retry] = await ledger.createTransfers([t('big', 'alice', 'bob', 5000n)]);
      expect(retry).toMatchObject({ result: 'exceeds_credits', replayed: true });
      expect((await balance('bob')).cpo).toBe(0n);
    });

    it('reserves with pending, then posts part of it and releases the rest', async () => {
      await setup();
      await ledger.createTransfers([
        t('h', 'alice', 'bob', 700n, { flags: TransferFlags.pending }),
      ]);
      expect(await balance('alice')).toMatchObject({ dp: 700n, dpo: 0n });
      const [more] = await ledger.createTransfers([t('x', 'alice', 'bob', 400n)]);
      expect(more?.result).toBe('exceeds_credits');
      const post = t('hp', '', '', 500n, { pendingId: 'h', flags: TransferFlags.postPending });
      expect((await ledger.createTransfers([post]))[0]?.result).toBe('ok');
      expect(await balance('alice')).toMatchObject({ dp: 0n, dpo: 500n });
      expect(await balance('bob')).toMatchObject({ cp: 0n, cpo: 500n });
      const again = t('hv', '', '', 0n, { pendingId: 'h', flags: TransferFlags.voidPending });
      expect((await ledger.createTransfers([again]))[0]?.result).toBe(
        'pending_transfer_already_posted',
      );
      expect((await ledger.createTransfers([post]))[0]).toMatchObject({
        result: 'ok',
        replayed: true,
      });
    });

    it('voids a pending transfer and refuses posting it afterwards', async () => {
      await setup();
      await ledger.createTransfers([
        t('h', 'alice', 'bob', 700n, { flags: TransferFlags.pending }),
      ]);
      const r = await ledger.createTransfers([
        t('v', '', '', 0n, { pendingId: 'h', flags: TransferFlags.voidPending }),
        t('p', '', '', 0n, { pendingId: 'h', flags: TransferFlags.postPending }),
        t('q', '', '', 0n, { pendingId: 'nope', flags: TransferFlags.postPending }),
        t('r', '', '', 800n, { pendingId: 'load', flags: TransferFlags.postPending }),
      ]);
      expect(r.map((x) => x.result)).toEqual([
        'ok',
        'pending_transfer_already_voided',
        'pending_transfer_not_found',
        'pending_transfer_not_pending',
      ]);
      expect(await balance('alice')).toMatchObject({ dp: 0n, dpo: 0n, cpo: 1000n });
    });

    it('expires a pending transfer by the injected clock', async () => {
      await setup();
      const hold = t('h', 'alice', 'bob', 700n, {
        flags: TransferFlags.pending,
        timeoutSeconds: 60,
      });
      await ledger.createTransfers([hold]);
      clock.advance(59_999);
      expect(await ledger.expirePending(10)).toEqual([]);
      clock.advance(1);
      const post = t('p', '', '', 0n, { pendingId: 'h', flags: TransferFlags.postPending });
      expect((await ledger.createTransfers([post]))[0]?.result).toBe('pending_transfer_expired');
      const expired = await ledger.expirePending(10);
      expect(expired).toMatchObject([
        { id: 'h', debitAccountId: 'alice', creditAccountId: 'bob', amount: 700n },
      ]);
      const [record] = await ledger.lookupTransfers(['expiry:h']);
      expect(record).toMatchObject({
        pendingId: 'h',
        flags: TransferFlags.voidPending,
        amount: 700n,
      });
      expect(record?.timestamp).toBe(expired[0]?.timestamp);
      expect(await ledger.lookupPending(['h'])).toEqual([
        { id: 'h', status: 'expired', expiresAt: clock.now() },
      ]);
      expect(await balance('alice')).toMatchObject({ dp: 0n, dpo: 0n });
      expect(await ledger.expirePending(10)).toEqual([]);
    });

    it('fails a linked chain as a whole', async () => {
      await setup();
      const linked = TransferFlags.linked;
      const r = await ledger.createTransfers([
        t('a', 'alice', 'bob', 100n, { flags: linked }),
        t('b', 'alice', 'bob', 5000n, { flags: linked }),
        t('c', 'alice', 'bob', 100n),
        t('d', 'alice', 'bob', 50n),
        t('e', 'alice', 'bob', 50n, { flags: linked }),
      ]);
      expect(r.map((x) => x.result)).toEqual([
        'linked_event_failed',
        'exceeds_credits',
        'linked_event_failed',
        'ok',
        'linked_event_chain_open',
      ]);
      expect((await balance('alice')).dpo).toBe(50n);
      expect(await ledger.lookupTransfers(['a', 'b', 'c', 'e'])).toEqual([]);
    });

    it('commits a linked chain together and sees earlier events of the batch', async () => {
      await setup();
      const r = await ledger.createTransfers([
        t('a', 'alice', 'bob', 1000n, { flags: TransferFlags.linked }),
        t('b', 'bob', 'alice', 1000n),
      ]);
      expect(r.map((x) => x.result)).toEqual(['ok', 'ok']);
      expect(r[1]?.timestamp).toBeGreaterThan(r[0]?.timestamp ?? 0n);
    });

    it('validates shape, accounts and ledgers', async () => {
      await setup();
      const r = await ledger.createTransfers([
        t('', 'alice', 'bob', 1n),
        t('z1', 'alice', 'alice', 1n),
        t('z2', 'alice', 'bob', 0n),
        t('z3', 'ghost', 'bob', 1n),
        t('z4', 'alice', 'eur', 1n),
        t('z5', 'bank', 'bob', 1n, { ledger: 'EUR' }),
        t('z6', 'bank', 'bob', 1n, { timeoutSeconds: 5 }),
        t('z7', 'bank', 'bob', 1n, { flags: TransferFlags.pending | TransferFlags.postPending }),
        t('z8', 'bank', 'bob', 1n, { flags: 1 << 9 }),
        t('z9', 'bank', 'bob', -1n),
      ]);
      expect(r.map((x) => x.result)).toEqual([
        'id_invalid',
        'accounts_must_be_different',
        'amount_must_be_positive',
        'debit_account_not_found',
        'accounts_must_have_the_same_ledger',
        'transfer_must_have_the_same_ledger_as_accounts',
        'timeout_reserved_for_pending_transfer',
        'flags_are_mutually_exclusive',
        'flags_invalid',
        'amount_must_be_positive',
      ]);
    });

    it('lists an account history newest first with paging', async () => {
      await setup();
      await ledger.createTransfers([t('p1', 'alice', 'bob', 1n), t('p2', 'alice', 'bob', 2n)]);
      const page = await ledger.accountTransfers({ accountId: 'alice', limit: 2 });
      expect(page.map((x) => x.id)).toEqual(['p2', 'p1']);
      const next = await ledger.accountTransfers({
        accountId: 'alice',
        limit: 5,
        before: page[1]?.timestamp ?? 0n,
      });
      expect(next.map((x) => x.id)).toEqual(['load']);
    });
  });
}
