// The SMS gateway's and the IVR's stores with the payment service beside them, on each database
// they run on: a SQLite file in a temporary folder, and PostgreSQL in a fresh schema of one
// throw-away cluster per test file (skipped when Debian's postgresql binaries are missing).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { parseConfig } from '../../server/config/config.ts';
import type { Clock } from '../../server/ledger/ledger.ts';
import { createPgSchema, type PgPool } from '../../server/ledger/pg-db.ts';
import { openSqlite } from '../../server/ledger/sqlite-db.ts';
import { PaymentService } from '../../server/payments/service.ts';
import {
  PG_SCHEMA,
  pgGatewayStores,
  pgPaymentStores,
  sqliteGatewayStores,
  sqlitePaymentStores,
  type GatewayStores,
  type PaymentStores,
} from '../../server/stores.ts';
import {
  postgresAvailable,
  startTestPostgres,
  type TestPostgres,
} from '../server/support/postgres.ts';

/** A payment service and the stores, on one database. */
export interface GatewayWorld extends GatewayStores {
  readonly service: PaymentService;
  /** New store objects on the same database, as a restarted process opens them. */
  reopen(): GatewayStores;
  close(): Promise<void>;
}

/** One database the gateway runs on. */
export interface GatewayBackend {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** False when the database cannot run on this machine (its tests are skipped). */
  readonly available: boolean;
  open(clock: Clock, env: Readonly<Record<string, string>>): Promise<GatewayWorld>;
}

const CONFIG = { banks: ['ci'], fees: [] };

/** The payment service on `stores`, opened (unfinished payments recovered). */
async function openService(
  stores: PaymentStores,
  clock: Clock,
  env: Readonly<Record<string, string>>,
): Promise<PaymentService> {
  const config = parseConfig(CONFIG, env);
  const service = new PaymentService({ ...stores, config, clock, emit: () => undefined });
  await service.open();
  return service;
}

/** SQLite in a temporary folder. */
export const SQLITE_GATEWAY: GatewayBackend = {
  name: 'SQLite',
  available: true,
  async open(clock, env) {
    const dir = mkdtempSync(join(tmpdir(), 'simpay-gateway-'));
    const db = openSqlite(join(dir, 'server.db'));
    const service = await openService(sqlitePaymentStores(db, clock), clock, env);
    const reopen = (): GatewayStores => sqliteGatewayStores(db);
    const close = async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { ...reopen(), service, reopen, close };
  },
};

/** The SQLite and PostgreSQL backends; `start` before use and `stop` after (beforeAll/afterAll). */
export function gatewayBackends() {
  let cluster: TestPostgres | null = null;
  let schemas = 0;
  const pools = new Set<PgPool>();

  function freshPool(schema: string): PgPool {
    if (!cluster) throw new Error('the PostgreSQL test cluster is not running');
    const base = { host: cluster.host, port: cluster.port, user: cluster.user };
    const pool = new pg.Pool({
      ...base,
      database: 'postgres',
      max: 4,
      options: `-c search_path=${schema} -c synchronous_commit=off`,
    });
    pools.add(pool);
    return pool;
  }

  async function endPool(pool: PgPool): Promise<void> {
    pools.delete(pool);
    await pool.end().catch(() => undefined);
  }

  async function pgWorld(clock: Clock, env: Readonly<Record<string, string>>) {
    const schema = `g${(schemas += 1)}`;
    const admin = freshPool('public');
    await admin.query(`CREATE SCHEMA ${schema}`);
    await endPool(admin);
    const main = freshPool(schema);
    await createPgSchema(main, PG_SCHEMA);
    const service = await openService(pgPaymentStores(main, clock), clock, env);
    const lockPool = freshPool(schema);
    const reopen = (): GatewayStores => pgGatewayStores(main, lockPool);
    const close = async () => void (await Promise.all([endPool(main), endPool(lockPool)]));
    return { ...reopen(), service, reopen, close };
  }

  const postgres: GatewayBackend = {
    name: 'PostgreSQL',
    available: postgresAvailable(),
    open: pgWorld,
  };

  return {
    list: [SQLITE_GATEWAY, postgres] as const,
    /** Starts the PostgreSQL cluster when its binaries are installed. */
    async start(): Promise<void> {
      if (postgres.available) cluster = await startTestPostgres();
    },
    /** Closes every pool and removes the cluster. */
    async stop(): Promise<void> {
      await Promise.all([...pools].map(endPool));
      cluster?.stop();
    },
  };
}

/**
 * Starts the backends before a test file's tests and stops them after, and runs `body` in one
 * describe block per backend that can run here, titled `title on NAME`; returns the backends.
 */
export function describeOnGatewayBackends(
  title: string,
  body: (backend: GatewayBackend) => void,
): ReturnType<typeof gatewayBackends> {
  const backends = gatewayBackends();
  beforeAll(() => backends.start(), 120_000);
  afterAll(() => backends.stop());
  for (const backend of backends.list)
    describe.skipIf(!backend.available)(`${title} on ${backend.name}`, () => body(backend));
  return backends;
}
