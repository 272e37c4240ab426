// The payment server without its network endpoint: one database holding the ledger, members and
// payments (SQLite by default; PostgreSQL for several processes sharing one ledger, their events
// shared by LISTEN/NOTIFY), the payment service and the SMS gateway. The WebSocket server, the
// scenario runner, `simpay demo` and the fleet benchmark all build on this one composition.
import { NodeBlockCipherEngine } from '../bridge/crypto/node-block-cipher.ts';
import type { ServerConfig } from './config/config.ts';
import { SmsGateway } from './gateway/gateway.ts';
import type { SmsOutbound } from './gateway/outbound.ts';
import { GroupCommitLedger } from './ledger/group-commit.ts';
import { systemClock, type Clock, type Ledger } from './ledger/ledger.ts';
import { createPgSchema, isPostgresUrl, openPgPool, redactUrl } from './ledger/pg-db.ts';
import { PgLedger } from './ledger/pg-ledger.ts';
import { LEDGER_SCHEMA } from './ledger/sql-schema.ts';
import { openSqlite, type SqliteDb } from './ledger/sqlite-db.ts';
import { SqliteLedger } from './ledger/sqlite-ledger.ts';
import { MEMBER_SCHEMA, MemberStore, type MemberRecords } from './members/member-store.ts';
import { PgMemberStore } from './members/pg-member-store.ts';
import type { EventSink, ServerEvent } from './payments/events.ts';
import { PAYMENT_SCHEMA, PaymentStore, type PaymentRecords } from './payments/payment-store.ts';
import { PgEventRelay } from './payments/pg-events.ts';
import { PgPaymentStore } from './payments/pg-payment-store.ts';
import { PaymentService } from './payments/service.ts';

/** The short code members send SMS to when none is configured. */
export const DEFAULT_SERVER_NUMBER = '62729';

/** Thrown for a database URL this build cannot open, or a database that cannot be reached. */
export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

/** What the core is built from. */
export interface CoreOptions {
  readonly config: ServerConfig;
  /** `sqlite:FILE`, `sqlite::memory:` or `postgres://USER@HOST:PORT/DATABASE`. */
  readonly db: string;
  readonly clock?: Clock;
  /** The gateway's number (TP-OA of every reply); default {@link DEFAULT_SERVER_NUMBER}. */
  readonly serverNumber?: string;
  /** Where the gateway's SMS go (the carrier, or connections of the gateway role). */
  readonly outbound: SmsOutbound;
  /** Receives balance updates and notices after each commit, this process's and (PostgreSQL) the others'. */
  readonly emit?: (event: ServerEvent) => void;
  /** Asks the IVR to call a member back for the PIN by DTMF. */
  readonly callForPin?: (msisdn: string) => void;
  /** Correlation window for a PIN sent in a second SMS, in ms. */
  readonly pinWindowMs?: number;
  /** Problems that do not stop the server (a lost event listener). */
  readonly log?: (line: string) => void;
}

/** The running core. */
export interface ServerCore {
  /** The SQLite database of the gateway's tables (with PostgreSQL: this process's own, in memory). */
  readonly db: SqliteDb;
  readonly service: PaymentService;
  readonly gateway: SmsGateway;
  readonly serverNumber: string;
  /** Closes the databases (after the caller has stopped sending work). */
  close(): Promise<void>;
}

/** The SQLite file named by a database URL. */
export function sqliteFile(url: string): string {
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length) || ':memory:';
  throw new DatabaseUrlError(
    `database must be sqlite:FILE or postgres://…, got '${redactUrl(url)}'`,
  );
}

/** The stores of one backend and how to close them. */
interface Backend {
  readonly ledger: Ledger;
  readonly members: MemberRecords;
  readonly payments: PaymentRecords;
  readonly db: SqliteDb;
  readonly emit: EventSink;
  close(): Promise<void>;
}

function openSqliteBackend(url: string, clock: Clock, emit: EventSink): Backend {
  const db = openSqlite(sqliteFile(url));
  try {
    const stores = { members: new MemberStore(db), payments: new PaymentStore(db) };
    const ledger = new GroupCommitLedger(new SqliteLedger(db, clock));
    return { ...stores, ledger, db, emit, close: async () => void db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

async function openPgBackend(url: string, clock: Clock, emit: EventSink, log: (l: string) => void) {
  const where = redactUrl(url);
  const reach = (error: unknown) =>
    new DatabaseUrlError(`cannot reach the database ${where}: ${(error as Error).message}`);
  const pool = await openPgPool(url).catch((error: unknown) => Promise.reject(reach(error)));
  let relay: PgEventRelay | undefined;
  try {
    await createPgSchema(pool, [...LEDGER_SCHEMA, ...MEMBER_SCHEMA, ...PAYMENT_SCHEMA]);
    relay = await PgEventRelay.open(url, pool, emit, log);
    const published = relay;
    const db = openSqlite(':memory:');
    const backend: Backend = {
      ledger: new GroupCommitLedger(new PgLedger(pool, clock)),
      members: new PgMemberStore(pool),
      payments: new PgPaymentStore(pool),
      db,
      emit: (event) => {
        emit(event);
        published.publish(event);
      },
      async close() {
        await published.close();
        await pool.end();
        db.close();
      },
    };
    return backend;
  } catch (error) {
    await relay?.close();
    await pool.end().catch(() => undefined);
    throw error instanceof DatabaseUrlError ? error : reach(error);
  }
}

/** Opens the backend a database URL names. */
function openBackend(options: CoreOptions, clock: Clock): Backend | Promise<Backend> {
  const emit = options.emit ?? (() => undefined);
  if (isPostgresUrl(options.db))
    return openPgBackend(options.db, clock, emit, options.log ?? (() => undefined));
  return openSqliteBackend(options.db, clock, emit);
}

/** Opens the database and builds the service and the gateway; recovers unfinished payments. */
export async function openServerCore(options: CoreOptions): Promise<ServerCore> {
  const clock = options.clock ?? systemClock;
  const backend = await openBackend(options, clock);
  const { db } = backend;
  const serverNumber = options.serverNumber ?? DEFAULT_SERVER_NUMBER;
  try {
    const { ledger, members, payments, emit } = backend;
    const service = new PaymentService({
      ledger,
      members,
      payments,
      config: options.config,
      clock,
      emit,
    });
    await service.open();
    const gateway = new SmsGateway({
      db,
      service,
      outbound: options.outbound,
      engine: new NodeBlockCipherEngine(),
      clock,
      serverNumber,
      ...(options.callForPin ? { callForPin: options.callForPin } : {}),
      ...(options.pinWindowMs !== undefined ? { pinWindowMs: options.pinWindowMs } : {}),
    });
    return { db, service, gateway, serverNumber, close: () => backend.close() };
  } catch (error) {
    await backend.close();
    throw error;
  }
}
