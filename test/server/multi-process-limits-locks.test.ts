// The member locks shared by server processes on PostgreSQL (server/payments/pg-member-locks.ts),
// two instances standing for two processes: one member at a time across them, other members not
// held up, a lock given back when the work fails or its connection is lost, several members taken
// in opposite orders without a deadlock, and a bounded wait refused as MEMBER_BUSY.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PaymentError } from '../../server/payments/errors.ts';
import {
  MEMBER_LOCK_CLASS,
  memberLockKey,
  PgMemberLocks,
} from '../../server/payments/pg-member-locks.ts';
import { postgresAvailable, startTestPostgres, type TestPostgres } from './support/postgres.ts';

let cluster: TestPostgres | null = null;
const opened: PgMemberLocks[] = [];

function connection() {
  if (!cluster) throw new Error('no test cluster');
  const { host, port, user } = cluster;
  return { host, port, user, database: 'postgres' };
}

/** Member locks of one process, waiting at most `timeoutMs` for another's. */
function locks(timeoutMs?: number): PgMemberLocks {
  const pool = new pg.Pool({ ...connection(), max: 4 });
  pool.on('error', () => undefined);
  const l = new PgMemberLocks(pool, timeoutMs);
  opened.push(l);
  return l;
}

/** A promise and the function that settles it. */
function gate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Runs work under `keys` that holds them until the returned `release` is called. */
async function holding(l: PgMemberLocks, keys: string[]) {
  const entered = gate();
  const leave = gate();
  const done = l.run(keys, async () => {
    entered.open();
    await leave.opened;
  });
  await entered.opened;
  return { done, release: leave.open };
}

async function adminQuery(sql: string, params: unknown[] = []) {
  const admin = new pg.Client(connection());
  await admin.connect();
  try {
    return (await admin.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await admin.end();
  }
}

describe('member lock keys', () => {
  it('are FNV-1a (draft-eastlake-fnv §2) of the number as a signed 32-bit integer', () => {
    expect(memberLockKey('')).toBe(0x811c9dc5 | 0);
    expect(memberLockKey('a')).toBe(0xe40c292c | 0);
    expect(memberLockKey('foobar')).toBe(0xbf9cf968 | 0);
    expect(memberLockKey('+14088675309')).not.toBe(memberLockKey('+14154443214'));
  });
});

describe.skipIf(!postgresAvailable())('member locks shared by processes', () => {
  beforeAll(async () => {
    cluster = await startTestPostgres();
  }, 120_000);

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((l) => l.close()));
  });

  afterAll(() => cluster?.stop());

  it('runs one member at a time across processes and lets other members through', async () => {
    const [first, second] = [locks(), locks()];
    const order: string[] = [];
    const held = await holding(first, ['+1555']);
    const same = second.run(['+1555'], async () => void order.push('same member'));
    await second.run(['+1666'], async () => void order.push('other member'));
    order.push('first done');
    held.release();
    await Promise.all([held.done, same]);
    expect(order).toEqual(['other member', 'first done', 'same member']);
  });

  it('refuses as MEMBER_BUSY after the longest wait and serves the member once free', async () => {
    const [first, second] = [locks(), locks(100)];
    const held = await holding(first, ['+1555']);
    const refused = await second.run(['+1555'], async () => 'ran').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PaymentError);
    expect((refused as PaymentError).code).toBe('MEMBER_BUSY');
    held.release();
    await held.done;
    expect(await second.run(['+1555'], async () => 'ran')).toBe('ran');
  });

  it('gives the lock back when the work fails', async () => {
    const [first, second] = [locks(), locks(100)];
    const failed = first.run(['+1555'], async () => {
      throw new Error('work failed');
    });
    await expect(failed).rejects.toThrow('work failed');
    expect(await second.run(['+1555'], async () => 'ran')).toBe('ran');
    const advisory = await adminQuery(
      "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1",
      [MEMBER_LOCK_CLASS],
    );
    expect(advisory).toEqual([]);
  });

  it('takes several members in opposite orders on both without a deadlock', async () => {
    const [first, second] = [locks(), locks()];
    const members = ['+1555', '+1666', '+1777'];
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside += 1;
      most = Math.max(most, inside);
      await adminQuery('SELECT 1');
      inside -= 1;
    };
    const runs = Array.from({ length: 12 }, (_u, i) =>
      (i % 2 ? first : second).run(i % 3 ? members : [...members].reverse(), work),
    );
    await Promise.all(runs);
    expect(most).toBe(1);
  });

  it('lets others take a lock whose connection was lost, and takes locks again', async () => {
    const [first, second] = [locks(), locks(100)];
    const held = await holding(first, ['+1555']);
    await adminQuery(
      'SELECT pg_terminate_backend(pid) FROM pg_locks ' +
        "WHERE locktype = 'advisory' AND classid = $1 AND objid = $2",
      [MEMBER_LOCK_CLASS, memberLockKey('+1555') >>> 0],
    );
    expect(await second.run(['+1555'], async () => 'ran')).toBe('ran');
    held.release();
    await held.done;
    expect(await first.run(['+1555'], async () => 'again')).toBe('again');
  });
});
