// The payment server process: the core (database, service, gateway) behind the WebSocket
// endpoint with the gateway's methods, SMS to the carrier as `sms.outbound` notifications to a
// gateway connection (queued, bounded, while none is attached) or through Kannel's HTTP interface
// when configured, and the expiry sweep.
import { readFileSync } from 'node:fs';
import { toHex } from '../protocol/bytes/index.ts';
import { parseCommandTable, type CommandTable } from '../modem/voice/command-table.ts';
import type { ServerConfig } from './config/config.ts';
import { systemClock, type Clock } from './ledger/ledger.ts';
import { openServerCore, type ServerCore } from './core.ts';
import { ConnectionOutbound } from './gateway/connection-outbound.ts';
import { deviceMethods } from './gateway/device-methods.ts';
import type { SmsGateway } from './gateway/gateway.ts';
import { smsInboundMethod } from './gateway/rpc-method.ts';
import { VoicePayments } from './ivr/payment-requests.ts';
import { ivrProcessRequestMethod } from './ivr/rpc-method.ts';
import { startMoEndpoint, type MoEndpoint } from './kannel/mo-endpoint.ts';
import { KannelOutbound } from './kannel/sendsms-outbound.ts';
import type { ServerEvent } from './payments/events.ts';
import type { PaymentService } from './payments/service.ts';
import { RpcServer } from './rpc/server.ts';

export interface StartOptions {
  readonly config: ServerConfig;
  /** `sqlite:FILE`, `sqlite::memory:` or `postgres://USER@HOST:PORT/DATABASE`. */
  readonly db: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
  /** How often held and awaiting payments are checked for expiry (default 60 s). */
  readonly expiryIntervalMs?: number;
  /** The voice command table (default fixtures/voice/commands.json). */
  readonly voiceTable?: CommandTable;
}

/** The command table shipped in fixtures/voice/commands.json. */
export function shippedVoiceTable(): CommandTable {
  const url = new URL('../fixtures/voice/commands.json', import.meta.url);
  return parseCommandTable(JSON.parse(readFileSync(url, 'utf8')));
}

export { DatabaseUrlError } from './core.ts';

export interface RunningServer {
  readonly port: number;
  readonly service: PaymentService;
  readonly gateway: SmsGateway;
  /** processRequest of the voice channel (the IVR's payment side). */
  readonly voice: VoicePayments;
  /** Port of the endpoint Kannel's smsbox calls, when SMS go through Kannel. */
  readonly kannelPort?: number;
  /**
   * Resolves with the reason once the database takes no more writes (see ServerCore.failed): the
   * process should stop, and a restart brings every acknowledged write back.
   */
  readonly failed: Promise<Error>;
  /** Stops accepting, closes connections, finishes the sweep and closes the database. */
  close(): Promise<void>;
}

/** Where the gateway's SMS go: Kannel's sendsms when configured, else gateway connections. */
function smsOutbound(config: ServerConfig): KannelOutbound | ConnectionOutbound {
  const { kannel } = config;
  if (!kannel) return new ConnectionOutbound(config.sms.queueLimit);
  const { sendsmsUrl: url, username, password } = kannel;
  return new KannelOutbound({ url, username, password });
}

/** The methods bound to the core at start-up, beside the fixed table. */
function boundMethods(core: ServerCore, voice: VoicePayments, table: CommandTable, clock: Clock) {
  return {
    'sms.inbound': smsInboundMethod(core.gateway),
    'ivr.processRequest': ivrProcessRequestMethod(voice, table),
    ...deviceMethods(core.gateway, clock),
  };
}

/** Returns expired held and awaiting payments every `everyMs`, one sweep at a time. */
function expirySweep(service: PaymentService, everyMs: number, log: (line: string) => void) {
  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweeping
      .then(() => service.expire())
      .catch((e: Error) => log(`expiry failed: ${e.message}`));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await sweeping;
  };
}

/** Starts the payment server and resolves once it listens. */
export async function startPaymentServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const table = options.voiceTable ?? shippedVoiceTable();
  const relay: { rpc?: RpcServer } = {};
  const outbound = smsOutbound(config);
  const connection = outbound instanceof ConnectionOutbound ? outbound : undefined;
  const core = await openServerCore({
    config,
    db: options.db,
    clock,
    serverNumber: config.sms.number,
    outbound,
    emit: (event: ServerEvent) => relay.rpc?.notify(event),
    callForPin: (msisdn) => void relay.rpc?.notifyRole('gateway', 'ivr.callBack', { to: msisdn }),
    log,
  });
  const { service, gateway } = core;
  const voice = new VoicePayments({
    service,
    table,
    transactions: core.transactions,
    releasePin: (msisdn, pin, ticket) => gateway.releasePin(msisdn, pin, ticket),
    onInternalError: (e) => log(`internal error in a voice request: ${(e as Error).message}`),
  });
  const rpc = new RpcServer({
    service,
    config,
    clock,
    log,
    extraMethods: boundMethods(core, voice, table, clock),
    onConnect: (role) => (role === 'gateway' ? connection?.flush() : undefined),
    durable: core.durable,
  });
  relay.rpc = rpc;
  connection?.attach((sms) =>
    rpc.notifyRole('gateway', 'sms.outbound', { to: sms.msisdn, tpdu: toHex(sms.tpdu) }),
  );
  const { port, mo } = await listen(options, rpc, core);
  const stopSweep = expirySweep(service, options.expiryIntervalMs ?? 60_000, log);
  return {
    port,
    service,
    gateway,
    voice,
    ...(mo ? { kannelPort: mo.port } : {}),
    failed: core.failed,
    async close() {
      await mo?.close();
      await rpc.close();
      await stopSweep();
      await core.close();
    },
  };
}

/** Opens the Kannel endpoint (when configured) and the WebSocket endpoint; on failure, neither. */
async function listen(options: StartOptions, rpc: RpcServer, core: ServerCore) {
  const { kannel } = options.config;
  const log = options.log ?? (() => undefined);
  let mo: MoEndpoint | undefined;
  try {
    if (kannel)
      mo = await startMoEndpoint({
        gateway: core.gateway,
        durable: core.durable,
        host: options.host,
        port: kannel.moPort,
        log,
        ...(kannel.moToken === undefined ? {} : { token: kannel.moToken }),
      });
    return { port: await rpc.listen(options.port, options.host), mo };
  } catch (error) {
    await mo?.close();
    await core.close();
    throw error;
  }
}
