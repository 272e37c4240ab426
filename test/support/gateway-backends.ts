// The SMS gateway's and the IVR's stores with the payment service beside them, on each database
// they run on: a SQLite file in a temporary folder, and PostgreSQL in a fresh schema of one
// throw-away cluster per test file (skipped when Debian's postgresql binaries are missing).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseConfig } from '../../server/config/config.ts';
import { DEVICE_SCHEMA, type DeviceRecords } from '../../server/gateway/device-records.ts';
import { DeviceRegistry } from '../../server/gateway/device-registry.ts';
import { HANDLE_SCHEMA, HandleStore, type HandleRecords } from '../../server/gateway/handles.ts';
import { PgDeviceRegistry } from '../../server/gateway/pg-device-registry.ts';
import { PgHandleStore } from '../../server/gateway/pg-handle-store.ts';
import { PG_PIN_TICKET_SCHEMA, PgPinHolds } from '../../server/gateway/pg-pin-holds.ts';
import {
  PIN_HOLD_SCHEMA,
  SqlitePinHolds,
  type PinHoldRecords,
} from '../../server/gateway/pin-correlation.ts';
import { PgRecentMessages } from '../../server/gateway/pg-recent-messages.ts';
import {
  RECENT_SCHEMA,
  SqliteRecentMessages,
  type RecentMessageRecords,
} from '../../server/gateway/recent-messages.ts';
import type { IvrCounterStore } from '../../server/ivr/ivr-counters.ts';
import { PG_IVR_COUNTER_SCHEMA, PgIvrCounterStore } from '../../server/ivr/pg-counter-store.ts';
import {
  PG_TRANSACTION_SCHEMA,
  PgTransactionNumbers,
} from '../../server/ivr/pg-transaction-numbers.ts';
import { SqliteIvrCounterStore } from '../../server/ivr/sqlite-counter-store.ts';
import {
  SqliteTransactionNumbers,
  type TransactionNumbers,
} from '../../server/ivr/transaction-numbers.ts';
import type { Clock } from '../../server/ledger/ledger.ts';
import { createPgSchema, type PgPool } from '../../server/ledger/pg-db.ts';
import { PgLedger } from '../../server/ledger/pg-ledger.ts';
import { LEDGER_SCHEMA } from '../../server/ledger/sql-schema.ts';
import { openSqlite } from '../../server/ledger/sqlite-db.ts';
import { SqliteLedger } from '../../server/ledger/sqlite-ledger.ts';
import { MEMBER_SCHEMA, MemberStore } from '../../server/members/member-store.ts';
import { PgMemberStore } from '../../server/members/pg-member-store.ts';
import { PAYMENT_SCHEMA, PaymentStore } from '../../server/payments/payment-store.ts';
import { PgPaymentStore } from '../../server/payments/pg-payment-store.ts';
import { PaymentService } from '../../server/payments/service.ts';
import {
  postgresAvailable,
  startTestPostgres,
  type TestPostgres,
} from '../server/support/postgres.ts';

/** The gateway's and the IVR's stores on one database. */
export interface GatewayStores {
  readonly registry: DeviceRecords;
  readonly handles: HandleRecords;
  readonly recent: RecentMessageRecords;
  readonly pinHolds: PinHoldRecords;
  readonly ivrCounters: IvrCounterStore;
  readonly transactions: TransactionNumbers;
}

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

/** SQLite in a temporary folder. */
export const SQLITE_GATEWAY: GatewayBackend = {
  name: 'SQLite',
  available: true,
  async open(clock, env) {
    const dir = mkdtempSync(join(tmpdir(), 'simpay-gateway-'));
    const db = openSqlite(join(dir, 'server.db'));
    const service = new PaymentService({
      ledger: new SqliteLedger(db, clock),
      members: new MemberStore(db),
      payments: new PaymentStore(db),
      config: parseConfig(CONFIG, env),
      clock,
      emit: () => undefined,
    });
    await service.open();
    const reopen = (): GatewayStores => ({
      registry: new DeviceRegistry(db),
      handles: new HandleStore(db),
      recent: new SqliteRecentMessages(db),
      pinHolds: new SqlitePinHolds(db),
      ivrCounters: new SqliteIvrCounterStore(db),
      transactions: new SqliteTransactionNumbers(db),
    });
    const close = async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { ...reopen(), service, reopen, close };
  },
};

/** Every table the server keeps in PostgreSQL. */
export const PG_TEST_SCHEMA = [
  ...LEDGER_SCHEMA,
  ...MEMBER_SCHEMA,
  ...PAYMENT_SCHEMA,
  ...DEVICE_SCHEMA,
  ...HANDLE_SCHEMA,
  ...RECENT_SCHEMA,
  ...PIN_HOLD_SCHEMA,
  ...PG_PIN_TICKET_SCHEMA,
  ...PG_IVR_COUNTER_SCHEMA,
  ...PG_TRANSACTION_SCHEMA,
];

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
    await createPgSchema(main, PG_TEST_SCHEMA);
    const service = new PaymentService({
      ledger: new PgLedger(main, clock),
      members: new PgMemberStore(main),
      payments: new PgPaymentStore(main),
      config: parseConfig(CONFIG, env),
      clock,
      emit: () => undefined,
    });
    await service.open();
    const lockPool = freshPool(schema);
    const reopen = (): GatewayStores => ({
      registry: new PgDeviceRegistry(main, lockPool),
      handles: new PgHandleStore(main),
      recent: new PgRecentMessages(main),
      pinHolds: new PgPinHolds(main),
      ivrCounters: new PgIvrCounterStore(main),
      transactions: new PgTransactionNumbers(main),
    });
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
