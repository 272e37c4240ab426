// The payment server process: the core (database, service, gateway) behind the WebSocket
// endpoint, and the expiry sweep.
import type { ServerConfig } from './config/config.ts';
import { systemClock, type Clock } from './ledger/ledger.ts';
import { openServerCore } from './core.ts';
import type { SmsOutbound } from './gateway/outbound.ts';
import type { ServerEvent } from './payments/events.ts';
import type { PaymentService } from './payments/service.ts';
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

export { DatabaseUrlError } from './core.ts';

/** Until a carrier attaches to the WebSocket endpoint, the gateway has nowhere to send SMS. */
const noCarrier: SmsOutbound = {
  send: (msisdn) => Promise.reject(new Error(`no carrier attached to deliver an SMS to ${msisdn}`)),
};

export interface RunningServer {
  readonly port: number;
  readonly service: PaymentService;
  /** Stops accepting, closes connections, finishes the sweep and closes the database. */
  close(): Promise<void>;
}

/** Starts the payment server and resolves once it listens. */
export async function startPaymentServer(options: StartOptions): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const relay: { rpc?: RpcServer } = {};
  const core = await openServerCore({
    config: options.config,
    db: options.db,
    clock,
    outbound: noCarrier,
    emit: (event: ServerEvent) => relay.rpc?.notify(event),
  });
  const { service } = core;
  const rpc = new RpcServer({ service, config: options.config, clock, log });
  relay.rpc = rpc;
  let port: number;
  try {
    port = await rpc.listen(options.port, options.host);
  } catch (error) {
    core.close();
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
      core.close();
    },
  };
}
