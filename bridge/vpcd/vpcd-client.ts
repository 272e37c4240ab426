// The virtual card's TCP link to vpcd inside pcscd (vsmartcard "vicc" role): connect, retry with
// backoff until vpcd listens, answer its frames through a ViccSession, and reconnect (a fresh
// card insertion) whenever pcscd restarts or drops the socket.
import { connect, type Socket } from 'node:net';
import { TransportError } from '../../firmware-sim/transport-error.ts';
import { ViccSession, type VirtualCard } from './vicc-session.ts';
import { encodeVpcdFrame, VpcdFrameReader } from './vpcd-framing.ts';

/** vpcd's default port for slot 0 (reader.conf CHANNELID 0x8C7B). */
export const VPCD_DEFAULT_PORT = 0x8c7b;
/** The client connects over loopback unless told otherwise. */
export const VPCD_DEFAULT_HOST = '127.0.0.1';

/** What happened on the link, for logs. */
export type VpcdClientEvent =
  | { readonly kind: 'connected'; readonly address: string }
  | { readonly kind: 'disconnected'; readonly reason: string }
  | { readonly kind: 'retry'; readonly inMs: number; readonly reason: string }
  | { readonly kind: 'protocol-error'; readonly message: string };

export interface VpcdClientOptions {
  readonly card: VirtualCard;
  readonly host?: string;
  readonly port?: number;
  /** First retry delay, doubled after each failure up to `maxRetryMs` (defaults 100 and 2000). */
  readonly initialRetryMs?: number;
  readonly maxRetryMs?: number;
  readonly onEvent?: (event: VpcdClientEvent) => void;
}

/** A running client. */
export interface VpcdClient {
  /** True while a vpcd connection is open. */
  readonly connected: boolean;
  /** The session of the current (or last) connection. */
  readonly session: ViccSession | undefined;
  /** Resolves at the next (or current) connection; TransportError VPCD_UNREACHABLE after `timeoutMs`. */
  waitConnected(timeoutMs: number): Promise<void>;
  /** Closes the socket (the card counts as removed) and stops retrying. */
  stop(): Promise<void>;
}

/** Starts connecting to vpcd at once; never throws for a vpcd that is not listening yet. */
export function startVpcdClient(options: VpcdClientOptions): VpcdClient {
  const client = new ReconnectingClient(options);
  client.attempt();
  return client;
}

class ReconnectingClient implements VpcdClient {
  private readonly host: string;
  private readonly port: number;
  private readonly initial: number;
  private readonly max: number;
  private readonly emit: (event: VpcdClientEvent) => void;
  private delay: number;
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private open = false;
  private current: ViccSession | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: VpcdClientOptions) {
    this.host = options.host ?? VPCD_DEFAULT_HOST;
    this.port = options.port ?? VPCD_DEFAULT_PORT;
    this.initial = options.initialRetryMs ?? 100;
    this.max = options.maxRetryMs ?? 2000;
    this.delay = this.initial;
    this.emit = options.onEvent ?? (() => undefined);
  }

  get connected(): boolean {
    return this.open;
  }

  get session(): ViccSession | undefined {
    return this.current;
  }

  attempt(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const s = connect({ host: this.host, port: this.port });
    this.socket = s;
    s.setNoDelay(true);
    let failure = 'closed by vpcd';
    s.once('connect', () => this.onConnect(s));
    s.on('error', (error: NodeJS.ErrnoException) => {
      failure = error.code ?? error.message;
    });
    s.once('close', () => {
      if (this.socket === s) this.socket = undefined;
      const wasOpen = this.open;
      this.open = false;
      if (wasOpen && !this.stopped) this.emit({ kind: 'disconnected', reason: failure });
      this.scheduleRetry(failure);
    });
  }

  waitConnected(timeoutMs: number): Promise<void> {
    if (this.open) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        const why = `vpcd at ${this.host}:${this.port} not reached within ${timeoutMs} ms`;
        reject(new TransportError('VPCD_UNREACHABLE', `${why}: is pcscd running with vpcd?`));
      }, timeoutMs);
      this.waiters.push(done);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const s = this.socket;
    if (s === undefined || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.destroy();
    });
  }

  private onConnect(s: Socket): void {
    this.open = true;
    this.delay = this.initial;
    this.current = new ViccSession(this.options.card);
    serve(s, this.current, this.emit);
    this.emit({ kind: 'connected', address: `${this.host}:${this.port}` });
    for (const w of this.waiters) w();
    this.waiters = [];
  }

  private scheduleRetry(reason: string): void {
    if (this.stopped) return;
    this.emit({ kind: 'retry', inMs: this.delay, reason });
    this.timer = setTimeout(() => this.attempt(), this.delay);
    this.delay = Math.min(this.delay * 2, this.max);
  }
}

/** Reads frames off `socket` and answers them one at a time, in order. */
function serve(socket: Socket, session: ViccSession, emit: (e: VpcdClientEvent) => void): void {
  const reader = new VpcdFrameReader();
  let queue = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    let messages;
    try {
      messages = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    } catch (error) {
      emit({ kind: 'protocol-error', message: (error as Error).message });
      socket.destroy();
      return;
    }
    for (const message of messages) {
      queue = queue
        .then(() => session.answer(message))
        .then((reply) => {
          if (reply !== undefined && !socket.destroyed) socket.write(encodeVpcdFrame(reply));
        })
        .catch((error: unknown) => {
          emit({ kind: 'protocol-error', message: (error as Error).message });
          socket.destroy();
        });
    }
  });
}
