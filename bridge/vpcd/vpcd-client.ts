// The virtual card's TCP link to vpcd inside pcscd (vsmartcard "vicc" role): connect, retry with
// backoff until vpcd listens, answer its frames through a ViccSession, and reconnect (a fresh
// card insertion) whenever pcscd restarts or drops the socket.
import { connect, type Socket } from 'node:net';
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
  /** Resolves at the next (or current) connection; rejects after `timeoutMs`. */
  waitConnected(timeoutMs: number): Promise<void>;
  /** Closes the socket (the card counts as removed) and stops retrying. */
  stop(): Promise<void>;
}

/** Starts connecting to vpcd at once; never throws for a vpcd that is not listening yet. */
export function startVpcdClient(options: VpcdClientOptions): VpcdClient {
  const host = options.host ?? VPCD_DEFAULT_HOST;
  const port = options.port ?? VPCD_DEFAULT_PORT;
  const initial = options.initialRetryMs ?? 100;
  const max = options.maxRetryMs ?? 2000;
  const emit = options.onEvent ?? (() => undefined);
  let delay = initial;
  let socket: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let open = false;
  let session: ViccSession | undefined;
  let waiters: (() => void)[] = [];

  const scheduleRetry = (reason: string): void => {
    if (stopped) return;
    emit({ kind: 'retry', inMs: delay, reason });
    timer = setTimeout(attempt, delay);
    delay = Math.min(delay * 2, max);
  };

  function attempt(): void {
    timer = undefined;
    if (stopped) return;
    const s = connect({ host, port });
    socket = s;
    s.setNoDelay(true);
    let failure = 'closed by vpcd';
    s.once('connect', () => {
      open = true;
      delay = initial;
      session = new ViccSession(options.card);
      serve(s, session, emit);
      emit({ kind: 'connected', address: `${host}:${port}` });
      for (const w of waiters) w();
      waiters = [];
    });
    s.on('error', (error: NodeJS.ErrnoException) => {
      failure = error.code ?? error.message;
    });
    s.once('close', () => {
      if (socket === s) socket = undefined;
      const wasOpen = open;
      open = false;
      if (wasOpen) emit({ kind: 'disconnected', reason: failure });
      scheduleRetry(failure);
    });
  }

  attempt();
  return {
    get connected() {
      return open;
    },
    get session() {
      return session;
    },
    waitConnected(timeoutMs) {
      if (open) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          reject(new Error(`vpcd at ${host}:${port} not reached within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(t);
          resolve();
        };
        waiters.push(done);
      });
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      const s = socket;
      if (s === undefined || s.destroyed) return;
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.destroy();
      });
    },
  };
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
