// The float dividend's arithmetic (SOURCE-NOTES L-11, L-12): which transfers change a posted
// balance, the time-weighted balance of one account's history, and the split between the banks and
// the system, whose remainder closes the pool's float exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransferFlags, type Transfer } from '../../../server/ledger/index.ts';
import { SYSTEM_BANK } from '../../../server/members/accounts.ts';
import {
  BalanceIntegral,
  postedDelta,
  PPM,
  splitFloat,
  YEAR_MS,
  type Period,
} from '../../../server/payments/settlement-float.ts';

const DAY_MS = 86_400_000n;

/** A stored transfer at clock millisecond `ms` (the ledger's timestamp: ms × 1000 + `seq`). */
function stored(
  id: string,
  ms: bigint,
  amount: bigint,
  credit: string,
  debit: string,
  flags = 0,
  seq = 0n,
): Transfer {
  const base = { id, debitAccountId: debit, creditAccountId: credit, amount, ledger: 'USD' };
  return { ...base, code: 1, flags, timestamp: ms * 1000n + seq, result: 'ok' };
}

/** The integral of walking `transfers` (given oldest first) back from `current`. */
function integrate(current: bigint, transfers: readonly Transfer[], period: Period): bigint {
  const walk = new BalanceIntegral('w', current, period);
  for (const t of [...transfers].reverse()) if (!walk.step(t)) break;
  return walk.finish();
}

describe('posted balance changes', () => {
  it.each([
    ['a plain credit', 0, 'w', 'x', 100n],
    ['a plain debit', 0, 'x', 'w', -100n],
    ['a linked debit', TransferFlags.linked, 'x', 'w', -100n],
    ['a post of a pending credit', TransferFlags.postPending, 'w', 'x', 100n],
    ['a pending credit (reserved, not posted)', TransferFlags.pending, 'w', 'x', 0n],
    ['a void of a pending debit', TransferFlags.voidPending, 'x', 'w', 0n],
    ['a transfer between other accounts', 0, 'x', 'y', 0n],
  ])('%s changes the posted balance by its sign', (_name, flags, credit, debit, delta) => {
    expect(postedDelta(stored('t', 1n, 100n, credit, debit, flags), 'w')).toBe(delta);
  });
});

describe('time-weighted balance of one account', () => {
  const period = { fromMs: 10n * DAY_MS, toMs: 40n * DAY_MS };
  it.each([
    ['no history: nothing held', 0n, [], 0n],
    [
      '100 held since before the period: all 30 days',
      100n,
      [stored('a', 1n, 100n, 'w', 's')],
      3000n,
    ],
    [
      '100 credited at day 25: the second half',
      100n,
      [stored('a', 25n * DAY_MS, 100n, 'w', 's')],
      1500n,
    ],
    [
      'credited at day 20, debited at day 30: 10 days',
      0n,
      [stored('a', 20n * DAY_MS, 100n, 'w', 's'), stored('b', 30n * DAY_MS, 100n, 's', 'w')],
      1000n,
    ],
    [
      'a credit at exactly the start counts from the start',
      100n,
      [stored('a', 10n * DAY_MS, 100n, 'w', 's')],
      3000n,
    ],
    [
      'the sequence number within a millisecond is not time: a credit at the start counts whole',
      100n,
      [stored('a', 10n * DAY_MS, 100n, 'w', 's', 0, 999n)],
      3000n,
    ],
    [
      'a credit at exactly the end (excluded) counts nothing',
      100n,
      [stored('a', 40n * DAY_MS, 100n, 'w', 's')],
      0n,
    ],
    [
      'changes after the period are walked back: 100 held throughout, 50 more at day 50',
      150n,
      [stored('a', 1n, 100n, 'w', 's'), stored('b', 50n * DAY_MS, 50n, 'w', 's')],
      3000n,
    ],
    [
      'a pending debit at day 15 posted at day 35 leaves the balance until day 35',
      0n,
      [
        stored('a', 1n, 100n, 'w', 's'),
        stored('p', 15n * DAY_MS, 100n, 'x', 'w', TransferFlags.pending),
        stored('q', 35n * DAY_MS, 100n, 'x', 'w', TransferFlags.postPending),
      ],
      2500n,
    ],
    [
      'a pending debit voided later never leaves',
      100n,
      [
        stored('a', 1n, 100n, 'w', 's'),
        stored('p', 15n * DAY_MS, 100n, 'x', 'w', TransferFlags.pending),
        stored('v', 35n * DAY_MS, 100n, 'x', 'w', TransferFlags.voidPending),
      ],
      3000n,
    ],
  ] as const)('%s', (_name, current, transfers, balanceDays) => {
    expect(integrate(current, transfers, period)).toBe(balanceDays * DAY_MS);
  });
});

describe('dividing the float (5 % a year over 30 days; amounts in cents)', () => {
  const rate = 50_000n;
  const days = (n: bigint, cents: bigint) => cents * n * DAY_MS;
  // Hand-computed: 1,000.00 held 30 days at 5 %: 100000 × 0.05 × 30 / 365 = 410.958… cents.
  // Held 15 days: 205.479… cents. Shares of the system members' 410.958…: 10 % = 41.095…,
  // 25 % = 102.739…. Pool: 1027.397… cents. Each bank's amounts are rounded down.
  it('pays each bank its own float and its share; the system keeps the rest', () => {
    const integrals = new Map([
      ['ci', days(30n, 100_000n)],
      ['ba', days(15n, 100_000n)],
      [SYSTEM_BANK, days(30n, 100_000n)],
    ]);
    const split = splitFloat(integrals, rate, { ci: 100_000n, ba: 250_000n });
    expect(split.banks).toEqual([
      { bank: 'ci', ownFloat: 410n, systemShare: 41n, dividend: 451n },
      { bank: 'ba', ownFloat: 205n, systemShare: 102n, dividend: 307n },
    ]);
    expect(split.poolFloat).toBe(1027n);
    expect(split.systemMembersFloat).toBe(410n);
    expect(split.systemRemainder).toBe(269n);
  });

  it.each([
    ['exactly one cent is paid whole', 365n * DAY_MS * 20n, 1n],
    ['just under one cent rounds down to nothing', 365n * DAY_MS * 20n - 1n, 0n],
    ['1.5 cents round down to one, not to even', 365n * DAY_MS * 30n, 1n],
    ['2.5 cents round down to two', 365n * DAY_MS * 50n, 2n],
  ])('rounds a bank down: %s', (_name, integral, cents) => {
    const split = splitFloat(new Map([['ci', integral]]), rate, {});
    expect(split.banks[0]?.dividend).toBe(cents);
  });

  it('keeps the fractions the banks lose for the system', () => {
    const point6 = (365n * DAY_MS * 20n * 6n) / 10n;
    const split = splitFloat(
      new Map([
        ['ci', point6],
        ['ba', point6],
      ]),
      rate,
      {},
    );
    expect(split.banks.map((b) => b.dividend)).toEqual([0n, 0n]);
    expect([split.poolFloat, split.systemRemainder]).toEqual([1n, 1n]);
  });

  it('gives the system everything when no bank has a share and no members', () => {
    const split = splitFloat(new Map([[SYSTEM_BANK, days(30n, 100_000n)]]), rate, {});
    expect([split.poolFloat, split.systemRemainder]).toEqual([410n, 410n]);
  });
});

describe('dividends and the system remainder (property)', () => {
  const banks = ['b0', 'b1', 'b2', 'b3'];
  const integral = fc.bigInt({ min: 0n, max: 10n ** 12n * YEAR_MS });
  it('add up to the pool float; nobody is paid more than the exact amount', () => {
    fc.assert(
      fc.property(
        fc.array(integral, { minLength: 5, maxLength: 5 }),
        fc.bigInt({ min: 0n, max: PPM }),
        fc.array(fc.bigInt({ min: 0n, max: PPM }), { minLength: 4, maxLength: 4 }),
        (ints, rate, raw) => {
          const total = raw.reduce((s, x) => s + x, 0n);
          const shares = raw.map((x) => (total > PPM ? (x * PPM) / total : x));
          const groups = new Map([...banks, SYSTEM_BANK].map((b, i) => [b, ints[i] ?? 0n]));
          const split = splitFloat(
            groups,
            rate,
            Object.fromEntries(banks.map((b, i) => [b, shares[i] ?? 0n])),
          );
          const paid = split.banks.reduce((s, b) => s + b.dividend, 0n);
          expect(paid + split.systemRemainder).toBe(split.poolFloat);
          expect(split.systemRemainder).toBeGreaterThanOrEqual(0n);
          const all = ints.reduce((s, x) => s + x, 0n);
          expect(split.poolFloat * PPM * YEAR_MS).toBeLessThanOrEqual(all * rate);
          for (const [i, b] of split.banks.entries()) {
            const exact = (ints[i] ?? 0n) * PPM + (ints[4] ?? 0n) * (shares[i] ?? 0n);
            expect(b.dividend * PPM * PPM * YEAR_MS).toBeLessThanOrEqual(exact * rate);
          }
        },
      ),
      { seed: 20261123, numRuns: 300 },
    );
  });
});
