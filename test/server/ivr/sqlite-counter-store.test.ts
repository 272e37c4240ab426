// The IVR's counter windows in the server database: what a check stored is there after the
// database is closed and opened again, so a replay across a restart is still recognised.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IvrCounterCheck } from '../../../server/ivr/ivr-counters.ts';
import { SqliteIvrCounterStore } from '../../../server/ivr/sqlite-counter-store.ts';
import { openSqlite } from '../../../server/ledger/sqlite-db.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const policy = { window: 4, maxAhead: 10, maxViolations: 2 };
const dir = mkdtempSync(join(tmpdir(), 'simpay-ivr-counters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(file: string) {
  const db = openSqlite(file);
  const store = new SqliteIvrCounterStore(db);
  return { db, store, check: new IvrCounterCheck({ store, callerId: '+14088675309', policy }) };
}

describe('SqliteIvrCounterStore', () => {
  it('keeps windows, stored replies and violations across a restart', async () => {
    const file = join(dir, 'server.db');
    const first = check(file);
    expect(await first.check.check(5, bytes('*5*001'))).toEqual({ kind: 'execute' });
    await first.check.recordReply(5, '*5*900');
    expect(await first.check.check(5, bytes('*5*002'))).toEqual({
      kind: 'refuse',
      reason: 'reused',
    });
    first.db.close();

    const second = check(file);
    expect(await second.check.check(5, bytes('*5*001'))).toEqual({
      kind: 'repeat',
      payload: '*5*900',
    });
    expect(await second.check.check(5, bytes('*5*003'))).toEqual({
      kind: 'refuse',
      reason: 'reused',
    });
    expect(await second.check.check(6, bytes('*6*001'))).toEqual({
      kind: 'refuse',
      reason: 'frozen',
    });
    expect(await second.store.load('+14085551212')).toBeUndefined();
    second.db.close();
  });
});
