// Server events shared between processes on one PostgreSQL database with LISTEN/NOTIFY: each
// process publishes what it committed (balance changes with account id and version, and notices)
// on one channel and hands what the others published to its own subscribers. PostgreSQL delivers a
// notification only after the publishing transaction committed, and in commit order.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PgPool } from '../ledger/pg-db.ts';
import type { EventSink, NoticeKind, ServerEvent } from './events.ts';

/** The NOTIFY channel of the server events. */
export const EVENT_CHANNEL = 'simpay_events';

/**
 * PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. Events stay well below it (RPC strings
 * are at most 256 characters, an SMS command 1,600), except a notice whose message JSON escapes
 * into more: it is published without its message.
 */
export const MAX_EVENT_PAYLOAD = 7900;

/** Most payloads queued before a flush is forced. */
const MAX_QUEUED = 1000;

/** An event as published: its origin process and, for balances, the version as a decimal string. */
export function encodeEvent(origin: string, event: ServerEvent): string {
  const body = event.type === 'balance' ? { ...event, version: String(event.version) } : event;
  return JSON.stringify({ origin, event: body });
}

/**
 * The payload to publish for `event`: its encoding, without the notice's message when that is what
 * makes it too large; undefined when even that does not fit.
 */
export function publishablePayload(origin: string, event: ServerEvent): string | undefined {
  const fits = (p: string) => Buffer.byteLength(p) <= MAX_EVENT_PAYLOAD;
  const payload = encodeEvent(origin, event);
  if (fits(payload)) return payload;
  if (event.type !== 'notice' || event.message === undefined) return undefined;
  const { message: _dropped, ...withoutMessage } = event;
  const shorter = encodeEvent(origin, withoutMessage);
  return fits(shorter) ? shorter : undefined;
}

const isText = (v: unknown): v is string => typeof v === 'string';

/** The event of a payload, or undefined for a malformed one (never thrown: the channel is shared). */
export function decodeEvent(payload: string): { origin: string; event: ServerEvent } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const { origin, event } = (value ?? {}) as { origin?: unknown; event?: Record<string, unknown> };
  if (!isText(origin) || typeof event !== 'object' || event === null) return undefined;
  if (event['type'] === 'balance') {
    const { msisdn, version } = event;
    if (!isText(msisdn) || !isText(version) || !/^[0-9]{1,20}$/.test(version)) return undefined;
    return { origin, event: { type: 'balance', msisdn, version: BigInt(version) } };
  }
  const { kind, to, paymentId, amount, counterparty, message } = event;
  if (event['type'] !== 'notice' || !isText(kind) || !isText(to) || !isText(paymentId))
    return undefined;
  if (!isText(amount) || !isText(counterparty)) return undefined;
  if (message !== undefined && !isText(message)) return undefined;
  const fields = { kind: kind as NoticeKind, to, paymentId, amount, counterparty };
  return { origin, event: { type: 'notice', ...fields, ...(message ? { message } : {}) } };
}

/** Wait before listening again after the listening connection was lost, in ms. */
export const RELISTEN_DELAY_MS = 1000;

/** Publishes this process's events and delivers the other processes' events to `deliver`. */
export class PgEventRelay {
  readonly origin = randomUUID();
  private queue: string[] = [];
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();
  private listener: pg.Client | undefined;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly pool: PgPool,
    private readonly deliver: EventSink,
    private readonly log: (line: string) => void,
  ) {}

  /** Opens the listening connection on `url`; events of other processes go to `deliver`. */
  static async open(
    url: string,
    pool: PgPool,
    deliver: EventSink,
    log: (line: string) => void = () => undefined,
  ): Promise<PgEventRelay> {
    const relay = new PgEventRelay(url, pool, deliver, log);
    await relay.listen();
    return relay;
  }

  /** Connects and LISTENs; a lost connection is replaced after {@link RELISTEN_DELAY_MS}. */
  private async listen(): Promise<void> {
    const listener = new pg.Client({ connectionString: this.url });
    listener.on('notification', (n) => {
      const decoded = n.channel === EVENT_CHANNEL && n.payload ? decodeEvent(n.payload) : undefined;
      if (decoded && decoded.origin !== this.origin) this.deliver(decoded.event);
    });
    let lost = false;
    const once = (why: string) => {
      if (lost) return;
      lost = true;
      this.relisten(why);
    };
    listener.on('error', (error) => once(error.message));
    listener.on('end', () => once('connection ended'));
    this.listener = listener;
    try {
      await listener.connect();
      await listener.query(`LISTEN ${EVENT_CHANNEL}`);
      if (this.closed) await listener.end();
    } catch (error) {
      lost = true;
      await listener.end().catch(() => undefined);
      throw error;
    }
  }

  /** Listens again after {@link RELISTEN_DELAY_MS}, and again after each failure, until closed. */
  private relisten(why: string): void {
    if (this.closed) return;
    this.log(`event listener lost (${why}); events of other processes are missed until it is back`);
    const retry = () => void this.listen().catch((error: Error) => this.relisten(error.message));
    setTimeout(retry, RELISTEN_DELAY_MS).unref();
  }

  /** Queues an event (already committed) for the other processes; sent at the end of the turn. */
  publish(event: ServerEvent): void {
    const payload = publishablePayload(this.origin, event);
    if (payload === undefined) {
      this.log(`an event is too large to publish (${event.type}); other processes miss it`);
      return;
    }
    this.queue.push(payload);
    if (this.queue.length >= MAX_QUEUED) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends the queued events in one statement, after the previous send. */
  private flush(): void {
    this.scheduled = false;
    const payloads = this.queue;
    if (payloads.length === 0) return;
    this.queue = [];
    this.flushing = this.flushing.then(() =>
      this.pool
        .query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [EVENT_CHANNEL, payloads])
        .then(
          () => undefined,
          (error: Error) => this.log(`events not published: ${error.message}`),
        ),
    );
  }

  /** Sends what is queued and closes the listening connection. */
  async close(): Promise<void> {
    this.flush();
    await this.flushing;
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
  }
}
