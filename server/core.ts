// The payment server without its network endpoint: one database holding the ledger, members,
// payments and the SMS gateway's tables, the payment service and the gateway. The WebSocket server,
// the scenario runner, `simpay demo` and the fleet benchmark all build on this one composition.
import { NodeBlockCipherEngine } from '../bridge/crypto/node-block-cipher.ts';
import type { ServerConfig } from './config/config.ts';
import { SmsGateway } from './gateway/gateway.ts';
import type { SmsOutbound } from './gateway/outbound.ts';
import { GroupCommitLedger } from './ledger/group-commit.ts';
import { systemClock, type Clock } from './ledger/ledger.ts';
import { openSqlite, type SqliteDb } from './ledger/sqlite-db.ts';
import { SqliteLedger } from './ledger/sqlite-ledger.ts';
import { MemberStore } from './members/member-store.ts';
import type { ServerEvent } from './payments/events.ts';
import { PaymentStore } from './payments/payment-store.ts';
import { PaymentService } from './payments/service.ts';

/** The short code members send SMS to when none is configured. */
export const DEFAULT_SERVER_NUMBER = '62729';

/** Thrown for a database URL this build cannot open. */
export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

/** What the core is built from. */
export interface CoreOptions {
  readonly config: ServerConfig;
  /** `sqlite:FILE` or `sqlite::memory:`. */
  readonly db: string;
  readonly clock?: Clock;
  /** The gateway's number (TP-OA of every reply); default {@link DEFAULT_SERVER_NUMBER}. */
  readonly serverNumber?: string;
  /** Where the gateway's SMS go (the carrier, or connections of the gateway role). */
  readonly outbound: SmsOutbound;
  /** Receives balance updates and notices after each commit. */
  readonly emit?: (event: ServerEvent) => void;
  /** Asks the IVR to call a member back for the PIN by DTMF. */
  readonly callForPin?: (msisdn: string) => void;
  /** Correlation window for a PIN sent in a second SMS, in ms. */
  readonly pinWindowMs?: number;
}

/** The running core. */
export interface ServerCore {
  readonly db: SqliteDb;
  readonly service: PaymentService;
  readonly gateway: SmsGateway;
  readonly serverNumber: string;
  /** Closes the database (after the caller has stopped sending work). */
  close(): void;
}

/** The SQLite file named by a database URL. */
export function sqliteFile(url: string): string {
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length) || ':memory:';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    throw new DatabaseUrlError(
      'the PostgreSQL ledger is not available in this version; use sqlite:FILE',
    );
  throw new DatabaseUrlError(`database must be sqlite:FILE, got '${url}'`);
}

/** Opens the database and builds the service and the gateway; recovers unfinished payments. */
export async function openServerCore(options: CoreOptions): Promise<ServerCore> {
  const clock = options.clock ?? systemClock;
  const db = openSqlite(sqliteFile(options.db));
  const serverNumber = options.serverNumber ?? DEFAULT_SERVER_NUMBER;
  try {
    const service = new PaymentService({
      ledger: new GroupCommitLedger(new SqliteLedger(db, clock)),
      members: new MemberStore(db),
      payments: new PaymentStore(db),
      config: options.config,
      clock,
      emit: options.emit ?? (() => undefined),
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
    return { db, service, gateway, serverNumber, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
