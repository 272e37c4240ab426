import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AccountFlags,
  GroupCommitLedger,
  MemoryLedger,
  TransferFlags,
  type Ledger,
  type TransferInput,
} from '../../../server/ledger/index.ts';
import { FakeClock } from '../support/fake-clock.ts';

const pay = (id: string, dr: string, cr: string, amount: bigint, flags = 0): TransferInput => ({
  id,
  debitAccountId: dr,
  creditAccountId: cr,
  amount,
  ledger: 'USD',
  code: 1,
  flags,
});

async function open(ledger: Ledger) {
  await ledger.createAccounts([
    { id: 'bank', ledger: 'USD', code: 1, flags: 0 },
    { id: 'a', ledger: 'USD', code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
    { id: 'b', ledger: 'USD', code: 2, flags: AccountFlags.debitsMustNotExceedCredits },
  ]);
}

/** A manual scheduler and a counter of inner commits. */
function grouped() {
  const inner = new MemoryLedger(new FakeClock());
  let commits = 0;
  const counting = Object.assign(Object.create(inner) as Ledger, {
    createTransfers: (batch: readonly TransferInput[]) => {
      commits += 1;
      return inner.createTransfers(batch);
    },
  });
  const pending: (() => void)[] = [];
  const ledger = new GroupCommitLedger(counting, (flush) => void pending.push(flush));
  return {
    inner,
    ledger,
    commits: () => commits,
    flush: () => pending.splice(0).forEach((f) => f()),
  };
}

describe('group commit', () => {
  it('commits concurrent batches once and gives each caller its own results', async () => {
    const g = grouped();
    await open(g.inner);
    const calls = [
      g.ledger.createTransfers([pay('l1', 'bank', 'a', 100n)]),
      g.ledger.createTransfers([pay('p1', 'a', 'b', 60n), pay('p2', 'a', 'b', 60n)]),
      g.ledger.createTransfers([pay('p1', 'a', 'b', 60n)]),
    ];
    g.flush();
    const [r1, r2, r3] = await Promise.all(calls);
    expect(g.commits()).toBe(1);
    expect(r1?.map((r) => r.result)).toEqual(['ok']);
    expect(r2?.map((r) => r.result)).toEqual(['ok', 'exceeds_credits']);
    expect(r3).toMatchObject([{ id: 'p1', result: 'ok', replayed: true }]);
  });

  it('passes a batch with an open chain through on its own', async () => {
    const g = grouped();
    await open(g.inner);
    const r = await g.ledger.createTransfers([pay('x', 'bank', 'a', 1n, TransferFlags.linked)]);
    expect(r[0]?.result).toBe('linked_event_chain_open');
    expect(g.commits()).toBe(1);
  });

  it('gives the same results as committing the batches one after another', async () => {
    const event = fc.record({
      id: fc.constantFrom('t1', 't2', 't3', 't4', 't5'),
      dr: fc.constantFrom('bank', 'a', 'b'),
      cr: fc.constantFrom('bank', 'a', 'b'),
      amount: fc.bigInt({ min: 1n, max: 50n }),
      linked: fc.boolean(),
    });
    const batches = fc.array(fc.array(event, { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(batches, async (raw) => {
        const input = raw.map((b) =>
          b.map((e, i) =>
            pay(
              e.id,
              e.dr,
              e.cr,
              e.amount,
              e.linked && i < b.length - 1 ? TransferFlags.linked : 0,
            ),
          ),
        );
        const sequential = new MemoryLedger(new FakeClock());
        await open(sequential);
        const expected = [];
        for (const batch of input) expected.push(await sequential.createTransfers(batch));
        const g = grouped();
        await open(g.inner);
        const calls = input.map((batch) => g.ledger.createTransfers(batch));
        g.flush();
        const actual = await Promise.all(calls);
        const strip = (rs: { id: string; result: string; replayed: boolean }[][]) =>
          rs.map((r) => r.map(({ id, result, replayed }) => ({ id, result, replayed })));
        expect(strip(actual)).toEqual(strip(expected));
        expect(await g.inner.allAccounts()).toEqual(await sequential.allAccounts());
      }),
      { seed: 8190, numRuns: 100 },
    );
  });
});
