// Databases of their own on the throw-away PostgreSQL test cluster, and server cores opened on
// them as separate server processes open theirs, for tests of several processes on one database.
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openServerCore, type CoreOptions, type ServerCore } from '../../server/core.ts';
import { startTestPostgres, type TestPostgres } from '../server/support/postgres.ts';

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

/** Server cores on new databases (named `prefix` and a number) of one test cluster. */
export class CoresOnPostgres {
  private cluster: TestPostgres | null = null;
  private databases = 0;
  private readonly cores: ServerCore[] = [];

  constructor(private readonly prefix: string) {}

  /** Called in a `describe` block: the cluster runs for its tests, each test's cores close after it. */
  hooks(): void {
    beforeAll(async () => {
      this.cluster = await startTestPostgres();
    }, 120_000);
    afterEach(async () => {
      await Promise.all(this.cores.splice(0).map((c) => c.close()));
    });
    afterAll(() => this.cluster?.stop());
  }

  /** A new empty database on the cluster, named by its URL. */
  freshDatabase(): Promise<string> {
    if (!this.cluster) throw new Error('no test cluster');
    return createDatabase(this.cluster, `${this.prefix}${(this.databases += 1)}`);
  }

  /** Opens a core, closed after the test unless {@link closeLast} closed it before. */
  async open(options: CoreOptions): Promise<ServerCore> {
    const core = await openServerCore(options);
    this.cores.push(core);
    return core;
  }

  /** Closes the core opened last (a process stopping). */
  async closeLast(): Promise<void> {
    await this.cores.pop()?.close();
  }
}
