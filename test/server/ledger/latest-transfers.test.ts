// The newest-transfer memory of the SQLite ledger keeps transfers in the shape a row read back has.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asStored, LatestTransfers } from '../../../server/ledger/latest-transfers.ts';
import { transferFromRow, transferParams } from '../../../server/ledger/sql-rows.ts';
import type { Transfer } from '../../../server/ledger/types.ts';

const base: Transfer = {
  id: 'pay:+14085550100:r1',
  debitAccountId: 'wallet:+14085550100',
  creditAccountId: 'wallet:+14085550101',
  amount: 250n,
  ledger: 'USD',
  code: 1,
  flags: 0,
  timestamp: 1_700_000_000_000_000n,
  result: 'ok',
};

const transferArb: fc.Arbitrary<Transfer> = fc
  .record({
    pendingId: fc.option(fc.constantFrom('', 'pay:+14085550100:r0'), { nil: undefined }),
    timeoutSeconds: fc.option(fc.constantFrom(0, 86_400), { nil: undefined }),
    userData: fc.option(fc.constantFrom('', '+14085550101'), { nil: undefined }),
    amount: fc.bigInt({ min: 0n, max: 1n << 62n }),
    timestamp: fc.bigInt({ min: 1n, max: 1n << 62n }),
  })
  .map(({ pendingId, timeoutSeconds, userData, ...rest }) => ({
    ...base,
    ...rest,
    ...(pendingId === undefined ? {} : { pendingId }),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(userData === undefined ? {} : { userData }),
  }));

describe('asStored', () => {
  it('gives what a row written and read back gives', () => {
    fc.assert(
      fc.property(transferArb, (t) => {
        expect(asStored(t)).toStrictEqual(transferFromRow(transferParams(t)));
      }),
      { seed: 2311, numRuns: 500 },
    );
  });

  it('drops fields a row keeps as empty and keeps set ones', () => {
    const empty = asStored({ ...base, pendingId: '', timeoutSeconds: 0, userData: '' });
    expect(Object.keys(empty)).not.toContain('pendingId');
    expect(Object.keys(empty)).not.toContain('timeoutSeconds');
    expect(Object.keys(empty)).not.toContain('userData');
    const set = asStored({ ...base, pendingId: 'p', timeoutSeconds: 60, userData: 'u' });
    expect(set).toMatchObject({ pendingId: 'p', timeoutSeconds: 60, userData: 'u' });
  });
});

describe('LatestTransfers', () => {
  it('keeps committed transfers in stored shape for both accounts, newest first', () => {
    const latest = new LatestTransfers();
    latest.stage([{ ...base, timeoutSeconds: 0 }]);
    latest.confirm();
    expect(latest.get(base.debitAccountId)).toStrictEqual(asStored(base));
    expect(latest.get(base.creditAccountId)).toStrictEqual(asStored(base));
    latest.stage([{ ...base, id: 'older', timestamp: base.timestamp - 1n }]);
    latest.confirm();
    expect(latest.get(base.debitAccountId)?.id).toBe(base.id);
  });

  it('forgets what a rolled-back transaction staged, and refused transfers', () => {
    const latest = new LatestTransfers();
    latest.stage([base]);
    latest.discard();
    latest.stage([{ ...base, id: 'refused', result: 'exceeds_credits' }]);
    latest.confirm();
    expect(latest.get(base.debitAccountId)).toBeUndefined();
  });
});
