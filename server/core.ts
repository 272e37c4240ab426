// The payment server without its network endpoint: one database holding the ledger, members,
// payments, the SMS gateway's devices and the IVR's counters (SQLite by default; PostgreSQL for
// several processes sharing them, events shared by LISTEN/NOTIFY), the payment service and the
// SMS gateway. The WebSocket server, the scenario runner, `simpay demo` and the fleet benchmark
// all build on this one composition.
import { NodeBlockCipherEngine } from '../bridge/crypto/node-block-cipher.ts';
import type { ServerConfig } from './config/config.ts';
import { DEVICE_SCHEMA, type DeviceRecords } from './gateway/device-records.ts';
import { DeviceRegistry } from './gateway/device-registry.ts';
import { SmsGateway } from './gateway/gateway.ts';
import { HANDLE_SCHEMA, HandleStore, type HandleRecords } from './gateway/handles.ts';
import { PgDeviceRegistry } from './gateway/pg-device-registry.ts';
import { PgHandleStore } from './gateway/pg-handle-store.ts';
import { PG_PIN_TICKET_SCHEMA, PgPinHolds } from './gateway/pg-pin-holds.ts';
import { PIN_HOLD_SCHEMA, SqlitePinHolds, type PinHoldRecords } from './gateway/pin-correlation.ts';
import { PgRecentMessages } from './gateway/pg-recent-messages.ts';
import {
  RECENT_SCHEMA,
  SqliteRecentMessages,
  type RecentMessageRecords,
} from './gateway/recent-messages.ts';
import type { IvrCounterStore } from './ivr/ivr-counters.ts';
import { PG_IVR_COUNTER_SCHEMA, PgIvrCounterStore } from './ivr/pg-counter-store.ts';
import { PG_TRANSACTION_SCHEMA, PgTransactionNumbers } from './ivr/pg-transaction-numbers.ts';
import { SqliteIvrCounterStore } from './ivr/sqlite-counter-store.ts';
import { SqliteTransactionNumbers, type TransactionNumbers } from './ivr/transaction-numbers.ts';
import type { SmsOutbound } from './gateway/outbound.ts';
import { GroupCommitLedger } from './ledger/group-commit.ts';
import { systemClock, type Clock, type Ledger } from './ledger/ledger.ts';
import {
  createPgSchema,
  isPostgresUrl,
  openPgPool,
  PG_POOL_SIZE,
  redactUrl,
  type PgPool,
} from './ledger/pg-db.ts';
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
  /** The SQLite database (with PostgreSQL: an empty one in memory; every table is in PostgreSQL). */
  readonly db: SqliteDb;
  readonly service: PaymentService;
  readonly gateway: SmsGateway;
  /** The IVR's counter windows by caller, in the server database. */
  readonly ivrCounters: IvrCounterStore;
  /** The voice channel's transaction numbers, in the server database. */
  readonly transactions: TransactionNumbers;
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
  readonly registry: DeviceRecords;
  readonly handles: HandleRecords;
  readonly recent: RecentMessageRecords;
  readonly pinHolds: PinHoldRecords;
  readonly ivrCounters: IvrCounterStore;
  readonly transactions: TransactionNumbers;
  readonly db: SqliteDb;
  readonly emit: EventSink;
  close(): Promise<void>;
}

/** Every table of the server in PostgreSQL. */
const PG_SCHEMA = [
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

function openSqliteBackend(url: string, clock: Clock, emit: EventSink): Backend {
  const db = openSqlite(sqliteFile(url));
  try {
    const stores = {
      members: new MemberStore(db),
      payments: new PaymentStore(db),
      registry: new DeviceRegistry(db),
      handles: new HandleStore(db),
      recent: new SqliteRecentMessages(db),
      pinHolds: new SqlitePinHolds(db),
      ivrCounters: new SqliteIvrCounterStore(db),
      transactions: new SqliteTransactionNumbers(db),
    };
    const ledger = new GroupCommitLedger(new SqliteLedger(db, clock));
    return { ...stores, ledger, db, emit, close: async () => void db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The stores on PostgreSQL; devices are held for a packet on connections of `lockPool`. */
function pgStores(pool: PgPool, lockPool: PgPool, clock: Clock) {
  return {
    ledger: new GroupCommitLedger(new PgLedger(pool, clock)),
    members: new PgMemberStore(pool),
    payments: new PgPaymentStore(pool),
    registry: new PgDeviceRegistry(pool, lockPool),
    handles: new PgHandleStore(pool),
    recent: new PgRecentMessages(pool),
    pinHolds: new PgPinHolds(pool),
    ivrCounters: new PgIvrCounterStore(pool),
    transactions: new PgTransactionNumbers(pool),
  };
}

async function openPgBackend(url: string, clock: Clock, emit: EventSink, log: (l: string) => void) {
  const where = redactUrl(url);
  const reach = (error: unknown) =>
    new DatabaseUrlError(`cannot reach the database ${where}: ${(error as Error).message}`);
  const pool = await openPgPool(url).catch((error: unknown) => Promise.reject(reach(error)));
  let relay: PgEventRelay | undefined;
  let lockPool: PgPool | undefined;
  try {
    await createPgSchema(pool, PG_SCHEMA);
    const devicePool = (lockPool = await openPgPool(url, PG_POOL_SIZE));
    relay = await PgEventRelay.open(url, pool, emit, log);
    const published = relay;
    const db = openSqlite(':memory:');
    const backend: Backend = {
      ...pgStores(pool, devicePool, clock),
      db,
      emit: (event) => {
        emit(event);
        published.publish(event);
      },
      async close() {
        await published.close();
        await devicePool.end();
        await pool.end();
        db.close();
      },
    };
    return backend;
  } catch (error) {
    await relay?.close();
    await lockPool?.end().catch(() => undefined);
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
      registry: backend.registry,
      handles: backend.handles,
      recent: backend.recent,
      pinHolds: backend.pinHolds,
      service,
      outbound: options.outbound,
      engine: new NodeBlockCipherEngine(),
      clock,
      serverNumber,
      ...(options.callForPin ? { callForPin: options.callForPin } : {}),
      ...(options.pinWindowMs !== undefined ? { pinWindowMs: options.pinWindowMs } : {}),
    });
    const { ivrCounters, transactions } = backend;
    const close = () => backend.close();
    return { db, service, gateway, ivrCounters, transactions, serverNumber, close };
  } catch (error) {
    await backend.close();
    throw error;
  }
}
