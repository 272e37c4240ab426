// Composition root of the payment server: opens the database, builds the ledger, member and
// payment stores and the service, starts the WebSocket endpoint and the expiry sweep.
import type { ServerConfig } from './config/config.ts';
import { systemClock, type Clock } from './ledger/ledger.ts';
import { GroupCommitLedger } from './ledger/group-commit.ts';
import { openSqlite } from './ledger/sqlite-db.ts';
import { SqliteLedger } from './ledger/sqlite-ledger.ts';
import { MemberStore } from './members/member-store.ts';
import type { ServerEvent } from './payments/events.ts';
import { PaymentStore } from './payments/payment-store.ts';
import { PaymentService } from './payments/service.ts';
import { RpcServer } from './rpc/server.ts';

export interface StartOptions {
  readonly config: ServerConfig;
  /** `sqlite:FILE` or `sqlite::memory:`. */
  readonly db: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
  /** How often held and awaiting payments are checked for expiry (default 60 s). */
  readonly expiryIntervalMs?: number;
}

export interface RunningServer {
  readonly port: number;
  readonly service: PaymentService;
  /** Stops accepting, closes connections, finishes the sweep and closes the database. */
  close(): Promise<void>;
}

/** Thrown for a database URL this build cannot open. */
export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

function sqliteFile(url: string): string {
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length) || ':memory:';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    throw new DatabaseUrlError(
      'the PostgreSQL ledger is not available in this version; use sqlite:FILE',
    );
  throw new DatabaseUrlError(`database must be sqlite:FILE, got '${url}'`);
}

/** Starts the payment server and resolves once it listens. */
export async function startPaymentServer(options: StartOptions): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const db = openSqlite(sqliteFile(options.db));
  const relay: { rpc?: RpcServer } = {};
  const emit = (event: ServerEvent) => relay.rpc?.notify(event);
  const ledger = new GroupCommitLedger(new SqliteLedger(db, clock));
  const members = new MemberStore(db);
  const service = new PaymentService({
    ledger,
    members,
    payments: new PaymentStore(db),
    config: options.config,
    clock,
    emit,
  });
  const rpc = new RpcServer({ service, config: options.config, clock, log });
  relay.rpc = rpc;
  let port: number;
  try {
    await service.open();
    port = await rpc.listen(options.port, options.host);
  } catch (error) {
    db.close();
    throw error;
  }
  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweeping
      .then(() => service.expire())
      .catch((e: Error) => log(`expiry failed: ${e.message}`));
  }, options.expiryIntervalMs ?? 60_000);
  timer.unref();
  return {
    port,
    service,
    async close() {
      clearInterval(timer);
      await rpc.close();
      await sweeping;
      db.close();
    },
  };
}
