// Property tests of the ledger invariants under random operation sequences (seeded).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AccountFlags,
  MemoryLedger,
  openSqlite,
  SqliteLedger,
  TransferFlags,
  type Account,
  type Ledger,
  type Transfer,
  type TransferInput,
} from '../../../server/ledger/index.ts';
import { FakeClock } from '../support/fake-clock.ts';

const ACCOUNTS = ['w0', 'w1', 'w2', 'w3', 'open'] as const;

type Op =
  | {
      kind: 'transfer';
      dr: number;
      cr: number;
      amount: number;
      pending: boolean;
      timeout: number;
      linked: boolean;
    }
  | { kind: 'close'; target: number; post: boolean; amount: number }
  | { kind: 'retry'; target: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'expire' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      dr: fc.constantFrom(4, 4, 0, 1, 2, 3),
      cr: fc.nat(4),
      amount: fc.integer({ min: 0, max: 400 }),
      pending: fc.boolean(),
      timeout: fc.constantFrom(0, 0, 1, 5),
      linked: fc.nat(4).map((x) => x === 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      target: fc.nat(200),
      post: fc.boolean(),
      amount: fc.constantFrom(0, 0, 50, 300),
    }),
  },
  fc.record({ kind: fc.constant('retry' as const), target: fc.nat(200) }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3000 }) }),
  fc.constant({ kind: 'expire' as const }),
);

/** Counts of what the random runs exercised, so a generator that stops reaching a path fails. */
const seen = { ok: 0, replayed: 0, posted: 0, expired: 0, chainFailed: 0, overdraftRefused: 0 };

interface Run {
  ledger: Ledger;
  clock: FakeClock;
  sent: TransferInput[];
  firstResults: Map<string, string>;
  batch: TransferInput[];
}

function toTransfer(op: Op, run: Run, n: number): TransferInput | null {
  const id = `t${n}`;
  const base = { id, ledger: 'USD', code: 1, flags: 0 };
  if (op.kind === 'transfer') {
    const flags = (op.pending ? TransferFlags.pending : 0) | (op.linked ? TransferFlags.linked : 0);
    const timeout = op.pending ? op.timeout : 0;
    const debitAccountId = ACCOUNTS[op.dr] ?? 'w0';
    const creditAccountId = ACCOUNTS[op.cr] ?? 'w1';
    return {
      ...base,
      debitAccountId,
      creditAccountId,
      amount: BigInt(op.amount),
      flags,
      timeoutSeconds: timeout,
    };
  }
  if (op.kind === 'close') {
    const pendingId = run.sent[op.target % Math.max(1, run.sent.length)]?.id ?? 'none';
    const flags = op.post ? TransferFlags.postPending : TransferFlags.voidPending;
    return {
      ...base,
      debitAccountId: '',
      creditAccountId: '',
      amount: BigInt(op.amount),
      pendingId,
      flags,
    };
  }
  if (op.kind === 'retry') return run.sent[op.target % Math.max(1, run.sent.length)] ?? null;
  return null;
}

async function flush(run: Run): Promise<void> {
  if (run.batch.length === 0) return;
  const batch = run.batch;
  run.batch = [];
  const results = await run.ledger.createTransfers(batch);
  for (const [i, t] of batch.entries()) {
    const r = results[i];
    if (!r) throw new Error('missing result');
    if (r.result === 'ok' && !r.replayed) seen.ok += 1;
    if (r.replayed) seen.replayed += 1;
    if (r.result === 'ok' && t.flags & TransferFlags.postPending) seen.posted += 1;
    if (r.result === 'linked_event_failed') seen.chainFailed += 1;
    if (r.result === 'exceeds_credits') seen.overdraftRefused += 1;
    const first = run.firstResults.get(t.id);
    if (first !== undefined && r.replayed) expect(r.result).toBe(first);
    if (!run.firstResults.has(t.id) && (await run.ledger.lookupTransfers([t.id])).length > 0)
      run.firstResults.set(t.id, r.result);
    if (!run.sent.includes(t)) run.sent.push(t);
  }
}

async function checkInvariants(ledger: Ledger, ids: readonly string[]): Promise<void> {
  const accounts = await ledger.allAccounts();
  const sum = (f: (a: Account) => bigint) => accounts.reduce((s, a) => s + f(a), 0n);
  expect(sum((a) => a.debitsPosted)).toBe(sum((a) => a.creditsPosted));
  expect(sum((a) => a.debitsPending)).toBe(sum((a) => a.creditsPending));
  for (const a of accounts) {
    if (a.flags & AccountFlags.debitsMustNotExceedCredits)
      expect(a.debitsPosted + a.debitsPending).toBeLessThanOrEqual(a.creditsPosted);
    expect(a.debitsPending).toBeGreaterThanOrEqual(0n);
    expect(a.creditsPending).toBeGreaterThanOrEqual(0n);
  }
  const derived = await deriveBalances(ledger, ids);
  for (const a of accounts) {
    const d = derived.get(a.id) ?? { dp: 0n, dpo: 0n, cp: 0n, cpo: 0n };
    expect({
      dp: a.debitsPending,
      dpo: a.debitsPosted,
      cp: a.creditsPending,
      cpo: a.creditsPosted,
    }).toEqual(d);
  }
}

/** Recomputes every balance from the stored transfers and pending states alone. */
async function deriveBalances(ledger: Ledger, ids: readonly string[]) {
  const transfers: Transfer[] = (await ledger.lookupTransfers(ids)).filter(
    (t) => t.result === 'ok',
  );
  const states = new Map((await ledger.lookupPending(ids)).map((p) => [p.id, p.status]));
  const out = new Map<string, { dp: bigint; dpo: bigint; cp: bigint; cpo: bigint }>();
  const get = (id: string) =>
    out.get(id) ?? out.set(id, { dp: 0n, dpo: 0n, cp: 0n, cpo: 0n }).get(id)!;
  for (const t of transfers) {
    if (t.flags & TransferFlags.voidPending) continue;
    const open = (t.flags & TransferFlags.pending) !== 0;
    if (open && states.get(t.id) !== 'pending') continue;
    get(t.debitAccountId)[open ? 'dp' : 'dpo'] += t.amount;
    get(t.creditAccountId)[open ? 'cp' : 'cpo'] += t.amount;
  }
  return out;
}

async function openAccounts(ledger: Ledger): Promise<void> {
  await ledger.createAccounts([
    { id: 'open', ledger: 'USD', code: 1, flags: 0 },
    ...['w0', 'w1', 'w2', 'w3'].map((id) => ({
      id,
      ledger: 'USD',
      code: 2,
      flags: AccountFlags.debitsMustNotExceedCredits,
    })),
  ]);
}

const stores: [string, (clock: FakeClock) => Ledger][] = [
  ['memory', (clock) => new MemoryLedger(clock)],
  ['sqlite', (clock) => new SqliteLedger(openSqlite(':memory:'), clock)],
];

describe.each(stores)('%s ledger invariants', (_name, make) => {
  it('keeps debits equal to credits, no overdraft, derived balances, idempotent retries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 10, maxLength: 80, size: 'max' }),
        fc.integer({ min: 1, max: 6 }),
        async (ops, batchSize) => {
          const clock = new FakeClock();
          const run: Run = {
            ledger: make(clock),
            clock,
            sent: [],
            firstResults: new Map(),
            batch: [],
          };
          await openAccounts(run.ledger);
          let n = 0;
          for (const op of ops) {
            if (op.kind === 'tick') clock.advance(op.ms);
            if (op.kind === 'expire') seen.expired += (await run.ledger.expirePending(100)).length;
            const t = toTransfer(op, run, n++);
            if (t) run.batch.push(t);
            if (run.batch.length >= batchSize) await flush(run);
          }
          await flush(run);
          await checkInvariants(
            run.ledger,
            run.sent.map((t) => t.id),
          );
          await run.ledger.close();
        },
      ),
      { seed: 424242, numRuns: 60 },
    );
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });
});

describe('memory and SQLite ledgers agree', () => {
  it('give the same results and balances for the same operations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }),
        async (ops) => {
          const clocks = [new FakeClock(), new FakeClock()] as const;
          const runs: Run[] = stores.map(([, make], i) => ({
            ledger: make(clocks[i] ?? new FakeClock()),
            clock: clocks[i] ?? new FakeClock(),
            sent: [],
            firstResults: new Map(),
            batch: [],
          }));
          const trace: string[][] = [[], []];
          for (const [i, run] of runs.entries()) {
            await openAccounts(run.ledger);
            for (const [n, op] of ops.entries()) {
              if (op.kind === 'tick') run.clock.advance(op.ms);
              if (op.kind === 'expire')
                trace[i]?.push(...(await run.ledger.expirePending(100)).map((e) => e.id));
              const t = toTransfer(op, run, n);
              if (!t) continue;
              const [r] = await run.ledger.createTransfers([t]);
              trace[i]?.push(`${t.id}:${r?.result}:${r?.replayed}`);
              if (!run.sent.includes(t)) run.sent.push(t);
            }
          }
          expect(trace[1]).toEqual(trace[0]);
          const [a, b] = await Promise.all(runs.map((r) => r.ledger.allAccounts()));
          expect(b).toEqual(a);
          for (const run of runs) await run.ledger.close();
        },
      ),
      { seed: 99, numRuns: 30 },
    );
  });
});
