// The payment server without its network endpoint: one database holding the ledger, members,
// payments, the SMS gateway's devices and the IVR's counters (SQLite by default; PostgreSQL for
// several processes sharing them, events shared by LISTEN/NOTIFY), the payment service and the
// SMS gateway. The WebSocket server, the scenario runner, `simpay demo` and the fleet benchmark
// all build on this one composition.
import { NodeBlockCipherEngine } from '../bridge/crypto/node-block-cipher.ts';
import { DEFAULT_SERVER_NUMBER, type ServerConfig } from './config/config.ts';
import { SmsGateway } from './gateway/gateway.ts';
import type { SmsOutbound } from './gateway/outbound.ts';
import type { IvrCounterStore } from './ivr/ivr-counters.ts';
import type { TransactionNumbers } from './ivr/transaction-numbers.ts';
import { systemClock, type Clock } from './ledger/ledger.ts';
import {
  createPgSchema,
  isPostgresUrl,
  openPgPool,
  PG_POOL_SIZE,
  redactUrl,
  type PgPool,
} from './ledger/pg-db.ts';
import { RedoLog } from './ledger/redo-log.ts';
import { openSqlite, type SqliteDb } from './ledger/sqlite-db.ts';
import type { EventSink, ServerEvent } from './payments/events.ts';
import { PgEventRelay } from './payments/pg-events.ts';
import type { MemberLocks } from './payments/keyed-mutex.ts';
import { PgMemberLocks } from './payments/pg-member-locks.ts';
import { PaymentService } from './payments/service.ts';
import {
  PG_SCHEMA,
  pgGatewayStores,
  pgPaymentStores,
  sqliteGatewayStores,
  sqlitePaymentStores,
  type GatewayStores,
  type PaymentStores,
} from './stores.ts';

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
  /**
   * Undefined when every write so far is on stable storage, else a promise of it: anything that
   * tells the outside about a write (a reply, a notification) waits for it first. With a SQLite
   * file the writes are made durable by its redo log (ledger/redo-log.ts), a flush behind them.
   */
  durable(): Promise<void> | undefined;
  /**
   * Resolves with the reason once the database can take no more writes until the server is
   * started again (a SQLite file's redo log failed; the restart replays it). Never resolves
   * otherwise: PostgreSQL answers each failed request with its own error.
   */
  readonly failed: Promise<Error>;
  /** Closes the databases (after the caller has stopped sending work). */
  close(): Promise<void>;
}

/** The SQLite file named by a database URL. */
function sqliteFile(url: string): string {
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length) || ':memory:';
  throw new DatabaseUrlError(
    `database must be sqlite:FILE or postgres://…, got '${redactUrl(url)}'`,
  );
}

/** The stores of one backend and how to close them. */
interface Backend extends PaymentStores, GatewayStores {
  readonly db: SqliteDb;
  readonly emit: EventSink;
  /** Members' locks shared by processes (PostgreSQL); SQLite serialises within the process. */
  readonly locks?: MemberLocks;
  /** The redo log of a SQLite file; `db` is then its in-memory copy. */
  readonly redo?: RedoLog;
  close(): Promise<void>;
}

async function openSqliteBackend(url: string, clock: Clock, emit: EventSink): Promise<Backend> {
  const file = sqliteFile(url);
  const redo = file === ':memory:' ? undefined : await RedoLog.open(file);
  const db = redo ? redo.db : openSqlite(file);
  try {
    const stores = { ...sqlitePaymentStores(db, clock), ...sqliteGatewayStores(db) };
    const close = async () => {
      await redo?.close();
      db.close();
    };
    return { ...stores, db, emit, ...(redo ? { redo } : {}), close };
  } catch (error) {
    await redo?.close().catch(() => undefined);
    db.close();
    throw error;
  }
}

/** Waits for durability before each SMS leaves. */
function durableOutbound(outbound: SmsOutbound, durable: () => Promise<void> | undefined) {
  return {
    async send(msisdn: string, tpdu: Uint8Array): Promise<void> {
      await durable();
      return outbound.send(msisdn, tpdu);
    },
  };
}

async function openPgBackend(url: string, clock: Clock, emit: EventSink, log: (l: string) => void) {
  const where = redactUrl(url);
  const reach = (error: unknown) =>
    new DatabaseUrlError(`cannot reach the database ${where}: ${(error as Error).message}`);
  const pool = await openPgPool(url).catch((error: unknown) => Promise.reject(reach(error)));
  let relay: PgEventRelay | undefined;
  let lockPool: PgPool | undefined;
  let memberLocks: PgMemberLocks | undefined;
  try {
    await createPgSchema(pool, PG_SCHEMA);
    const devicePool = (lockPool = await openPgPool(url, PG_POOL_SIZE));
    const locks = (memberLocks = new PgMemberLocks(await openPgPool(url, PG_POOL_SIZE)));
    relay = await PgEventRelay.open(url, pool, emit, log);
    const published = relay;
    const db = openSqlite(':memory:');
    const backend: Backend = {
      ...pgPaymentStores(pool, clock),
      ...pgGatewayStores(pool, devicePool),
      db,
      locks,
      emit: (event) => {
        emit(event);
        published.publish(event);
      },
      async close() {
        await published.close();
        await locks.close();
        await devicePool.end();
        await pool.end();
        db.close();
      },
    };
    return backend;
  } catch (error) {
    await relay?.close();
    await memberLocks?.close().catch(() => undefined);
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
      ...(backend.locks ? { locks: backend.locks } : {}),
    });
    await service.open();
    const { redo } = backend;
    const durable = () => redo?.durable();
    const gateway = new SmsGateway({
      registry: backend.registry,
      handles: backend.handles,
      recent: backend.recent,
      pinHolds: backend.pinHolds,
      service,
      outbound: redo ? durableOutbound(options.outbound, durable) : options.outbound,
      engine: new NodeBlockCipherEngine(),
      clock,
      serverNumber,
      ...(options.callForPin ? { callForPin: options.callForPin } : {}),
      ...(options.pinWindowMs !== undefined ? { pinWindowMs: options.pinWindowMs } : {}),
    });
    const { ivrCounters, transactions } = backend;
    const close = () => backend.close();
    const failed = redo?.failed ?? new Promise<Error>(() => undefined);
    return { db, service, gateway, ivrCounters, transactions, serverNumber, durable, failed, close }; // prettier-ignore
  } catch (error) {
    await backend.close();
    throw error;
  }
}
