// Members' operations serialised across every server process on one PostgreSQL database: besides
// this process's KeyedMutex, each member's key is held as a session advisory lock (PostgreSQL
// manual §13.3.5 Advisory Locks, two-int keys) while the task runs.
import type { PgClient, PgPool } from '../ledger/pg-db.ts';
import { PaymentError } from './errors.ts';
import { KeyedMutex, type MemberLocks } from './keyed-mutex.ts';

/** First half of every member lock's key, apart from other advisory locks on the database. */
export const MEMBER_LOCK_CLASS = 0x70617972;

/** Longest wait, in ms, for a member another process is serving before the operation is refused. */
export const MEMBER_LOCK_TIMEOUT_MS = 10_000;

/** PostgreSQL's lock_not_available, raised when lock_timeout runs out. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Second half of a member's lock key: FNV-1a of the key's UTF-16 code units, as a signed int32. */
export function memberLockKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** One advisory lock held on one connection. */
interface Hold {
  readonly client: PgClient;
  readonly key: number;
  /** True for a connection taken for this lock alone (returned to the pool afterwards). */
  readonly own: boolean;
}

/**
 * Member locks shared by processes. A free lock is taken without waiting on one long-lived
 * connection of `pool`; a lock another process holds is waited for on a connection of its own, for
 * at most `timeoutMs`, after which the operation is refused with MEMBER_BUSY. Keys are taken in
 * one order everywhere, so two operations on several members cannot wait for each other.
 */
export class PgMemberLocks implements MemberLocks {
  private readonly local = new KeyedMutex();
  private holder: Promise<PgClient> | undefined;

  constructor(
    private readonly pool: PgPool,
    private readonly timeoutMs = MEMBER_LOCK_TIMEOUT_MS,
  ) {}

  run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    return this.local.run(keys, async () => {
      const holds = await this.acquireAll(keys);
      try {
        return await task();
      } finally {
        await this.releaseAll(holds);
      }
    });
  }

  /** Releases the long-lived connection and closes the pool (after the last operation). */
  async close(): Promise<void> {
    const holder = this.holder;
    this.holder = undefined;
    const client = await holder?.catch(() => undefined);
    client?.release();
    await this.pool.end();
  }

  private async acquireAll(keys: readonly string[]): Promise<Hold[]> {
    const lockKeys = [...new Set(keys.map(memberLockKey))].sort((a, b) => a - b);
    const holds: Hold[] = [];
    try {
      for (const key of lockKeys) holds.push(await this.acquire(key));
      return holds;
    } catch (error) {
      await this.releaseAll(holds);
      if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE)
        throw new PaymentError('MEMBER_BUSY', 'another operation for this member is running');
      throw error;
    }
  }

  private async acquire(key: number): Promise<Hold> {
    const holder = await this.holderClient();
    const tried = await holder
      .query('SELECT pg_try_advisory_lock($1, $2) AS ok', [MEMBER_LOCK_CLASS, key])
      .catch((error: Error) => {
        this.dropHolder(holder, error);
        throw error;
      });
    if ((tried.rows[0] as { ok?: boolean } | undefined)?.ok === true)
      return { client: holder, key, own: false };
    const client = await this.pool.connect();
    try {
      await client.query(
        `SET lock_timeout = '${Math.trunc(this.timeoutMs)}ms'; ` +
          `SELECT pg_advisory_lock(${MEMBER_LOCK_CLASS}, ${key})`,
      );
      return { client, key, own: true };
    } catch (error) {
      client.release();
      throw error;
    }
  }

  private async releaseAll(holds: readonly Hold[]): Promise<void> {
    for (const hold of [...holds].reverse()) await this.release(hold);
  }

  /** Unlocks; a connection that cannot unlock is closed, which ends its locks with its session. */
  private async release(hold: Hold): Promise<void> {
    try {
      await hold.client.query('SELECT pg_advisory_unlock($1, $2)', [MEMBER_LOCK_CLASS, hold.key]);
      if (hold.own) hold.client.release();
    } catch (error) {
      if (hold.own) hold.client.release(error as Error);
      else this.dropHolder(hold.client, error as Error);
    }
  }

  private holderClient(): Promise<PgClient> {
    if (this.holder) return this.holder;
    const opening = this.pool.connect().then((client) => {
      client.on('error', (error) => this.dropHolder(client, error));
      return client;
    });
    opening.catch(() => {
      if (this.holder === opening) this.holder = undefined;
    });
    this.holder = opening;
    return opening;
  }

  private dropHolder(client: PgClient, error: Error): void {
    const current = this.holder;
    if (!current) return;
    void current
      .then((held) => {
        if (held !== client || this.holder !== current) return;
        this.holder = undefined;
        client.release(error);
      })
      .catch(() => undefined);
  }
}
