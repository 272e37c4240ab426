// Empty databases of their own on the throw-away PostgreSQL test cluster, for tests that open
// server cores on a database no other test writes to.
import pg from 'pg';
import type { TestPostgres } from '../server/support/postgres.ts';

/** Creates the empty database `name` on `cluster`; resolves to its `postgres://` URL. */
export async function createDatabase(cluster: TestPostgres, name: string): Promise<string> {
  const { host, port, user } = cluster;
  const admin = new pg.Client({ host, port, user, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `postgres://${user}@${host}:${port}/${name}`;
}
