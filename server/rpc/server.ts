// The WebSocket side of the payment server (`ws`): authentication during the HTTP upgrade, a
// payload limit, a rate limit per connection, closing of slow consumers, and pushing balance
// updates and notices to subscribed connections after each commit; methods bound at start-up beside
// the fixed table, and notifications to one connection of a role (SMS to the attached carrier).
// A connection's frames of one event-loop turn leave in one socket write (RFC 6455 frames, corked).
// No frame leaves before the writes made until then are durable (options.durable): frames wait
// behind it in order, per connection.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ServerConfig } from '../config/config.ts';
import type { Clock } from '../ledger/ledger.ts';
import type { ServerEvent } from '../payments/events.ts';
import type { PaymentService } from '../payments/service.ts';
import { authoriseUpgrade } from './auth.ts';
import { encode, handleMessage, type DispatchContext } from './dispatch.ts';
import { RpcCode, RpcError, type RpcId } from './jsonrpc.ts';
import { methods, type MethodSpec, type Role } from './methods.ts';
import { TokenBucket } from './rate-limit.ts';

/** Path the WebSocket endpoint answers on. */
export const RPC_PATH = '/rpc';

interface Connection {
  readonly ws: WebSocket;
  /** Cleared when a ping is sent, set again by the pong. */
  alive: boolean;
  readonly role: Role;
  readonly bucket: TokenBucket;
  readonly versions: Map<string, bigint>;
  /** Set while the socket is corked until the end of the current turn. */
  corked: boolean;
  /** Frames waiting for durability, in order; undefined when none wait. */
  held: HeldFrame[] | undefined;
  /** What its requests run with, made once per connection rather than per message. */
  readonly dispatch: DispatchContext;
}

interface HeldFrame {
  readonly text: string;
  ready: boolean;
}

export interface RpcServerOptions {
  readonly service: PaymentService;
  readonly config: ServerConfig;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Methods bound to objects built at start-up; their names must not shadow the fixed table. */
  readonly extraMethods?: Readonly<Record<string, MethodSpec>>;
  /** Told when a connection of `role` has been accepted (e.g. to deliver SMS queued for it). */
  readonly onConnect?: (role: Role) => void;
  /** Undefined when every write so far is durable, else a promise of it (ServerCore.durable). */
  readonly durable?: () => Promise<void> | undefined;
}

export class RpcServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly subscribers = new Map<string, Set<Connection>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly connections = new Set<Connection>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: RpcServerOptions) {
    const shadowed = Object.keys(options.extraMethods ?? {}).find((n) => Object.hasOwn(methods, n));
    if (shadowed !== undefined) throw new RangeError(`method '${shadowed}' is already defined`);
    this.http = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required\n');
    });
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.config.rpc.maxPayload,
      perMessageDeflate: false,
    });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
  }

  /** Starts listening; resolves to the bound port (use port 0 for an ephemeral one). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.startHeartbeat();
        resolve((this.http.address() as AddressInfo).port);
      });
    });
  }

  /** Routes a committed change to the connections subscribed to the member. */
  notify(event: ServerEvent): void {
    const msisdn = event.type === 'balance' ? event.msisdn : event.to;
    const conns = this.subscribers.get(msisdn);
    if (!conns || conns.size === 0) return;
    if (event.type === 'notice') {
      const { type: _type, ...params } = event;
      for (const c of conns)
        this.send(c, encode({ jsonrpc: '2.0', method: 'payment.notice', params }));
      return;
    }
    void this.pushBalance(msisdn, conns);
  }

  /**
   * Sends the notification `method` to one open connection of `role`, the longest connected
   * first; false when no connection of that role took it (none open, or each was dropped as slow).
   */
  notifyRole(role: Role, method: string, params: unknown): boolean {
    const text = encode({ jsonrpc: '2.0', method, params });
    for (const c of this.connections)
      if (c.role === role && this.send(c, text) === 'sent') return true;
    return false;
  }

  /** Closes every connection and the listener. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await Promise.allSettled([...this.inFlight]);
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const verdict =
      path === RPC_PATH
        ? authoriseUpgrade(req, this.options.config.tokens, this.options.config.allowedOrigins)
        : { status: 404, reason: 'not found' };
    if (!('status' in verdict) && this.connections.size >= this.options.config.rpc.maxConnections) {
      socket.end(
        'HTTP/1.1 503 too many connections\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    if ('status' in verdict) {
      socket.end(
        `HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, verdict.role));
  }

  private accept(ws: WebSocket, role: Role): void {
    const { ratePerSecond, burst } = this.options.config.rpc;
    const bucket = new TokenBucket(ratePerSecond, burst, this.options.clock);
    const dispatch = this.dispatchContext(role, (msisdn) => this.subscribe(conn, msisdn));
    const conn: Connection = { ws, alive: true, role, bucket, versions: new Map(), corked: false, held: undefined, dispatch }; // prettier-ignore
    this.connections.add(conn);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const work = this.onMessage(conn, data, isBinary).finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    });
    ws.on('pong', () => void (conn.alive = true));
    ws.on('error', (error) => this.options.log(`connection error: ${error.message}`));
    ws.on('close', () => {
      this.connections.delete(conn);
      for (const set of this.subscribers.values()) set.delete(conn);
    });
    this.options.onConnect?.(role);
  }

  /** RFC 6455 §5.5.2 ping/pong: a peer that did not answer the previous ping is dropped. */
  private startHeartbeat(): void {
    const every = this.options.config.rpc.pingIntervalMs;
    if (every === 0) return;
    this.heartbeat = setInterval(() => {
      for (const c of this.connections) {
        if (!c.alive) c.ws.terminate();
        else {
          c.alive = false;
          c.ws.ping();
        }
      }
    }, every);
    this.heartbeat.unref();
  }

  private async onMessage(conn: Connection, data: RawData, isBinary: boolean): Promise<void> {
    const text = isBinary ? '' : rawText(data);
    if (!conn.bucket.take()) {
      const error = new RpcError(RpcCode.rateLimited, 'rate limit exceeded').toObject();
      this.send(conn, encode({ jsonrpc: '2.0', id: requestId(text), error }));
      return;
    }
    if (isBinary) {
      const error = new RpcError(RpcCode.invalidRequest, 'text frames only').toObject();
      this.send(conn, encode({ jsonrpc: '2.0', id: null, error }));
      return;
    }
    const reply = await handleMessage(text, conn.dispatch);
    if (reply !== null) this.send(conn, reply);
  }

  private dispatchContext(role: Role, subscribe: (msisdn: string) => void): DispatchContext {
    return {
      service: this.options.service,
      role,
      ...(this.options.extraMethods ? { extraMethods: this.options.extraMethods } : {}),
      conn: { subscribe },
      onInternalError: (method, error) =>
        this.options.log(
          `internal error in ${method}: ${error instanceof Error ? error.message : String(error)}`,
        ),
    };
  }

  private cork(conn: Connection): void {
    const socket = (conn.ws as unknown as { _socket?: Corkable })._socket;
    if (!socket) return;
    conn.corked = true;
    corkForTurn(socket, () => void (conn.corked = false));
  }

  private subscribe(conn: Connection, msisdn: string): void {
    const set = this.subscribers.get(msisdn) ?? new Set();
    set.add(conn);
    this.subscribers.set(msisdn, set);
  }

  private async pushBalance(msisdn: string, conns: Set<Connection>): Promise<void> {
    const view = await this.options.service.balanceOf(msisdn);
    const version = BigInt(view.version);
    for (const c of conns) {
      if ((c.versions.get(msisdn) ?? -1n) >= version) continue;
      c.versions.set(msisdn, version);
      this.send(c, encode({ jsonrpc: '2.0', method: 'balance.updated', params: view }));
    }
  }

  /** Sends once the writes made so far are durable; 'sent' when the frame is sent or waiting. */
  private send(conn: Connection, text: string): 'sent' | 'dropped' | 'closed' {
    const gate = this.options.durable?.();
    if (!gate && !conn.held) return this.sendNow(conn, text);
    if (conn.ws.readyState !== conn.ws.OPEN) return 'closed';
    const frame: HeldFrame = { text, ready: gate === undefined };
    (conn.held ??= []).push(frame);
    gate?.then(
      () => {
        frame.ready = true;
        this.releaseHeld(conn);
      },
      (error: Error) => {
        this.options.log(`closed a connection: its replies are not durable (${error.message})`);
        conn.held = undefined;
        conn.ws.terminate();
      },
    );
    return 'sent';
  }

  private releaseHeld(conn: Connection): void {
    const held = conn.held;
    if (!held) return;
    while (held[0]?.ready) this.sendNow(conn, (held.shift() as HeldFrame).text);
    if (held.length === 0) conn.held = undefined;
  }

  private sendNow(conn: Connection, text: string): 'sent' | 'dropped' | 'closed' {
    if (!conn.corked && conn.ws.readyState === conn.ws.OPEN) this.cork(conn);
    const result = sendOrDrop(conn.ws, text, this.options.config.rpc.maxBufferedBytes);
    if (result === 'dropped') this.options.log('closed a slow consumer');
    return result;
  }
}

/** The parts of a WebSocket that backpressure needs. */
export interface SendTarget {
  readonly readyState: number;
  readonly OPEN: number;
  readonly bufferedAmount: number;
  send(text: string): void;
  terminate(): void;
}

/**
 * Sends `text` unless the peer already has more than `maxBuffered` bytes unread: a slow consumer
 * is disconnected rather than letting the server's memory grow without bound.
 */
export function sendOrDrop(
  ws: SendTarget,
  text: string,
  maxBuffered: number,
): 'sent' | 'dropped' | 'closed' {
  if (ws.readyState !== ws.OPEN) return 'closed';
  if (ws.bufferedAmount + Buffer.byteLength(text) > maxBuffered) {
    ws.terminate();
    return 'dropped';
  }
  ws.send(text);
  return 'sent';
}

/** The part of a socket that output corking needs (node:stream Writable). */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Corks `socket` until the callbacks of the current turn have run, then calls `done` and uncorks:
 * process.nextTick runs after the microtasks that resolve one group commit's replies, so the
 * frames of those replies leave in one write (writev) instead of one system call each.
 */
export function corkForTurn(socket: Corkable, done: () => void): void {
  socket.cork();
  process.nextTick(() => {
    done();
    socket.uncork();
  });
}

/** A text frame's payload as a string, decoded in place when `ws` delivers it as one Buffer. */
export function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** The id of a refused single request, so the client can match the refusal to it. */
function requestId(text: string): RpcId {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const id = (value as Record<string, unknown>)['id'];
    return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id))
      ? id
      : null;
  } catch {
    return null;
  }
}
