// The payment service on each database it runs on, for tests that must pass on both: SQLite in
// memory, and PostgreSQL in a fresh schema of one throw-away cluster per test file (skipped when
// Debian's postgresql binaries are missing). Every world has a fake clock and collects its events.
import pg from 'pg';
import { parseConfig } from '../../server/config/config.ts';
import { createPgSchema, type PgPool } from '../../server/ledger/pg-db.ts';
import { PgLedger } from '../../server/ledger/pg-ledger.ts';
import { LEDGER_SCHEMA } from '../../server/ledger/sql-schema.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';
import type { Account } from '../../server/ledger/types.ts';
import { MEMBER_SCHEMA, type MemberRecords } from '../../server/members/member-store.ts';
import { PgMemberStore } from '../../server/members/pg-member-store.ts';
import type { ServerEvent } from '../../server/payments/events.ts';
import { PAYMENT_SCHEMA, type PaymentRecords } from '../../server/payments/payment-store.ts';
import { PgPaymentStore } from '../../server/payments/pg-payment-store.ts';
import { PaymentService } from '../../server/payments/service.ts';
import { FakeClock } from '../server/support/fake-clock.ts';
import { paymentHarness, TEST_ENV } from '../server/support/payment-harness.ts';
import {
  postgresAvailable,
  startTestPostgres,
  type TestPostgres,
} from '../server/support/postgres.ts';

/** A payment service and what tests look at beside it. */
export interface PaymentWorld {
  readonly service: PaymentService;
  readonly events: ServerEvent[];
  readonly clock: FakeClock;
  readonly ledger: Ledger;
  readonly members: MemberRecords;
  readonly payments: PaymentRecords;
  /** Sum of all posted and of all pending balances: both must stay zero. */
  totals(): Promise<{ posted: bigint; pending: bigint }>;
  /** Deletes a payment record behind the service's back (a crash between ledger and record). */
  forgetPayment(id: string): Promise<void>;
  /** Runs SQL of this backend's dialect on the service's database. */
  exec(sql: string): Promise<void>;
}

/** One database the service runs on. */
export interface PaymentBackend {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** False when the database cannot run on this machine (its tests are skipped). */
  readonly available: boolean;
  open(config?: Record<string, unknown>): Promise<PaymentWorld>;
}

async function totalsOf(ledger: Ledger) {
  const accounts: Account[] = await ledger.allAccounts();
  const posted = accounts.reduce((s, a) => s + a.creditsPosted - a.debitsPosted, 0n);
  const pending = accounts.reduce((s, a) => s + a.creditsPending - a.debitsPending, 0n);
  return { posted, pending };
}

const sqlite: PaymentBackend = {
  name: 'SQLite',
  available: true,
  async open(config = {}) {
    const h = await paymentHarness(config);
    const forgetPayment = async (id: string) =>
      void h.db.prepare('DELETE FROM payments WHERE id = ?').run(id);
    const exec = async (sql: string) => void h.db.exec(sql);
    return { ...h, payments: h.service.ctx.payments, totals: h.totals, forgetPayment, exec };
  },
};

/** The SQLite and PostgreSQL backends; `start` before use and `stop` after (beforeAll/afterAll). */
export function paymentBackends() {
  let cluster: TestPostgres | null = null;
  let schemas = 0;
  const pools: PgPool[] = [];

  async function freshPool(): Promise<PgPool> {
    if (!cluster) throw new Error('the PostgreSQL test cluster is not running');
    const schema = `w${(schemas += 1)}`;
    const base = {
      host: cluster.host,
      port: cluster.port,
      user: cluster.user,
      database: 'postgres',
    };
    const admin = new pg.Client(base);
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const pool = new pg.Pool({
      ...base,
      max: 4,
      options: `-c search_path=${schema} -c synchronous_commit=off`,
    });
    pools.push(pool);
    await createPgSchema(pool, [...LEDGER_SCHEMA, ...MEMBER_SCHEMA, ...PAYMENT_SCHEMA]);
    return pool;
  }

  const postgres: PaymentBackend = {
    name: 'PostgreSQL',
    available: postgresAvailable(),
    async open(configInput = {}) {
      const pool = await freshPool();
      const clock = new FakeClock();
      const ledger = new PgLedger(pool, clock);
      const members = new PgMemberStore(pool);
      const payments = new PgPaymentStore(pool);
      const events: ServerEvent[] = [];
      const config = parseConfig({ banks: ['ci', 'ba'], ...configInput }, TEST_ENV);
      const emit = (e: ServerEvent) => void events.push(e);
      const service = new PaymentService({ ledger, members, payments, config, clock, emit });
      await service.open();
      const forgetPayment = async (id: string) =>
        void (await pool.query('DELETE FROM payments WHERE id = $1', [id]));
      const exec = async (sql: string) => void (await pool.query(sql));
      return {
        service,
        events,
        clock,
        ledger,
        members,
        payments,
        forgetPayment,
        exec,
        totals: () => totalsOf(ledger),
      };
    },
  };

  return {
    list: [sqlite, postgres] as const,
    /** Starts the PostgreSQL cluster when its binaries are installed. */
    async start(): Promise<void> {
      if (postgres.available) cluster = await startTestPostgres();
    },
    /** Closes every pool and removes the cluster. */
    async stop(): Promise<void> {
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      cluster?.stop();
    },
  };
}
