// Opens the server's PostgreSQL database (`pg`): a pool from a postgres:// URL checked with one
// round trip, transactions on one pooled client, and `?` placeholders numbered as PostgreSQL's $n
// so that the member and payment stores share their SQL text with SQLite.
import pg from 'pg';

/** A pool of connections to the server database. */
export type PgPool = pg.Pool;
/** One connection taken from the pool. */
export type PgClient = pg.PoolClient;

/** Connections per server process (the ledger writer lock serialises writers anyway). */
export const PG_POOL_SIZE = 8;

/** True for a postgres:// or postgresql:// URL. */
export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

/** The URL with its password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

/** Opens a pool and checks that the database answers; throws the driver's error otherwise. */
export async function openPgPool(url: string, max = PG_POOL_SIZE): Promise<PgPool> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return pool;
}

const cache = new Map<string, string>();

/** `?` placeholders as `$1, $2, …` (the texts used here hold no `?` inside string literals). */
export function numbered(sql: string): string {
  let text = cache.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${(n += 1)}`);
    cache.set(sql, text);
  }
  return text;
}

/** Runs `work` between BEGIN and COMMIT on one client; ROLLBACK when it throws. */
export async function withPgTransaction<T>(
  pool: PgPool,
  work: (client: PgClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Advisory lock key held while tables are created, so processes starting together do not race. */
const SCHEMA_LOCK = 0x73696d736368;

/** Runs `CREATE … IF NOT EXISTS` statements in one transaction under a schema lock. */
export async function createPgSchema(pool: PgPool, statements: readonly string[]): Promise<void> {
  await withPgTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    for (const statement of statements) await c.query(statement);
  });
}
