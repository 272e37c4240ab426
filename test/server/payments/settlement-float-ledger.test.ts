// Time-weighted balances read from a ledger's history (SOURCE-NOTES L-11): the backward walk from
// the current balance, page by page, matches a forward replay for any history and period, and a
// posting that lands while the history is read does not skew it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MemoryLedger,
  TransferFlags,
  type HistoryQuery,
  type Ledger,
  type Transfer,
  type TransferInput,
} from '../../../server/ledger/index.ts';
import {
  accountIntegral,
  effectiveMs,
  postedDelta,
  type Period,
} from '../../../server/payments/settlement-float.ts';
import { FakeClock } from '../support/fake-clock.ts';

type Op =
  | { kind: 'move'; from: number; to: number; amount: number; pending: boolean }
  | { kind: 'close'; target: number; post: boolean }
  | { kind: 'tick'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      from: fc.nat(3),
      to: fc.nat(3),
      amount: fc.integer({ min: 1, max: 500 }),
      pending: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      target: fc.nat(60),
      post: fc.boolean(),
    }),
  },
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 5000 }) }),
);

const IDS = ['source', 'w0', 'w1', 'w2'] as const;

/** Commits `late` right after the first history page is read, as a concurrent payment would. */
class RacingLedger extends MemoryLedger {
  late: TransferInput | undefined;
  override async accountTransfers(q: HistoryQuery): Promise<Transfer[]> {
    const page = await super.accountTransfers(q);
    const late = this.late;
    this.late = undefined;
    if (late) await this.createTransfers([late]);
    return page;
  }
}

async function openLedger(): Promise<{ ledger: MemoryLedger; clock: FakeClock }> {
  const clock = new FakeClock();
  const ledger = new MemoryLedger(clock);
  await ledger.createAccounts(IDS.map((id) => ({ id, ledger: 'USD', code: 10, flags: 0 })));
  return { ledger, clock };
}

function inputOf(op: Op, n: number, sent: readonly TransferInput[]): TransferInput | null {
  const base = { id: `t${n}`, ledger: 'USD', code: 1 };
  if (op.kind === 'move') {
    const [dr, cr] = [IDS[op.from] ?? 'source', IDS[op.to] ?? 'w0'];
    const flags = op.pending ? TransferFlags.pending : 0;
    return { ...base, debitAccountId: dr, creditAccountId: cr, amount: BigInt(op.amount), flags };
  }
  if (op.kind === 'close') {
    const closed = new Set(sent.map((t) => t.pendingId));
    const open = sent.filter((t) => t.flags === TransferFlags.pending && !closed.has(t.id));
    const target = open[op.target % Math.max(1, open.length)];
    if (!target) return null;
    const flags = op.post ? TransferFlags.postPending : TransferFlags.voidPending;
    return {
      ...base,
      debitAccountId: '',
      creditAccountId: '',
      amount: 0n,
      pendingId: target.id,
      flags,
    };
  }
  return null;
}

/** Every transfer of `id`, oldest first, in pages of 1000. */
async function fullHistory(ledger: Ledger, id: string): Promise<Transfer[]> {
  const all: Transfer[] = [];
  let before: bigint | undefined;
  for (let n = 0; n < 100; n += 1) {
    const more = before === undefined ? {} : { before };
    const page = await ledger.accountTransfers({ accountId: id, limit: 1000, ...more });
    all.push(...page);
    before = page.at(-1)?.timestamp;
    if (page.length < 1000) break;
  }
  return all.reverse();
}

/** Integral of `id`'s posted balance over `period` by replaying the stored transfers forwards. */
async function replay(ledger: Ledger, id: string, period: Period): Promise<bigint> {
  const history = await fullHistory(ledger, id);
  let balance = 0n;
  let sum = 0n;
  let at = period.fromMs;
  for (const t of history) {
    const ms = effectiveMs(t);
    const since = ms > period.fromMs ? ms : period.fromMs;
    const until = since < period.toMs ? since : period.toMs;
    if (until > at) {
      sum += balance * (until - at);
      at = until;
    }
    balance += postedDelta(t, id);
  }
  return sum + balance * (period.toMs - at);
}

describe('time-weighted balances from a ledger (property)', () => {
  it('match a forward replay of the history for any period', async () => {
    const seen = { posted: 0, voided: 0, earning: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { maxLength: 60 }),
        fc.nat(60_000),
        fc.nat(60_000),
        async (ops, a, b) => {
          const { ledger, clock } = await openLedger();
          const start = BigInt(clock.now());
          const sent: TransferInput[] = [];
          for (const [n, op] of ops.entries()) {
            if (op.kind === 'tick') clock.advance(op.ms);
            const input = inputOf(op, n, sent);
            if (input && (await ledger.createTransfers([input]))[0]?.result === 'ok') {
              sent.push(input);
              if (input.flags === TransferFlags.postPending) seen.posted += 1;
              if (input.flags === TransferFlags.voidPending) seen.voided += 1;
            }
          }
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const period = { fromMs: start + BigInt(lo), toMs: start + BigInt(hi) };
          for (const id of ['w0', 'w1', 'w2']) {
            const integral = await accountIntegral(ledger, id, period);
            expect(integral).toBe(await replay(ledger, id, period));
            if (integral !== 0n) seen.earning += 1;
          }
        },
      ),
      { seed: 4242, numRuns: 150 },
    );
    expect(Math.min(seen.posted, seen.voided, seen.earning)).toBeGreaterThan(20);
  });

  it('reads a long history page by page', async () => {
    const { ledger, clock } = await openLedger();
    for (let i = 0; i < 1200; i += 1) {
      clock.advance(1000);
      const id = `l${i}`;
      const [dr, cr] = i % 3 === 2 ? ['w0', 'source'] : ['source', 'w0'];
      await ledger.createTransfers([
        {
          id,
          debitAccountId: dr,
          creditAccountId: cr,
          amount: 7n,
          ledger: 'USD',
          code: 1,
          flags: 0,
        },
      ]);
    }
    const start = 1_700_000_000_000n;
    const period = { fromMs: start, toMs: start + 1_300_000n };
    const expected = await replay(ledger, 'w0', period);
    expect(expected).toBeGreaterThan(0n);
    expect(await accountIntegral(ledger, 'w0', period)).toBe(expected);
  });

  it('reads the balance again when a posting lands while the history is read', async () => {
    const clock = new FakeClock();
    const ledger = new RacingLedger(clock);
    await ledger.createAccounts(IDS.map((id) => ({ id, ledger: 'USD', code: 10, flags: 0 })));
    const load = (id: string): TransferInput => ({
      id,
      debitAccountId: 'source',
      creditAccountId: 'w0',
      amount: 100n,
      ledger: 'USD',
      code: 1,
      flags: 0,
    });
    await ledger.createTransfers([load('first')]);
    clock.advance(10_000);
    ledger.late = load('late');
    const start = 1_700_000_000_000n;
    const period = { fromMs: start, toMs: start + 10_000n };
    expect(await accountIntegral(ledger, 'w0', period)).toBe(100n * 10_000n);
    expect(ledger.late).toBeUndefined();
  });
});
