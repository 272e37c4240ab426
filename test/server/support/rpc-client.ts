// A small JSON-RPC client over `ws` for server tests: numbered requests, collected notifications,
// and a bounded wait for each answer.
import { WebSocket } from 'ws';

export interface RpcReply {
  readonly id: unknown;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string; data?: { code?: string } };
}

const WAIT_MS = 5000;

export interface Notification {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

export class RpcClient {
  readonly notifications: Notification[] = [];
  private watchers: ((n: Notification) => boolean)[] = [];
  private readonly waiting = new Map<unknown, (reply: RpcReply) => void>();
  private readonly replies: unknown[] = [];
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('close', () => {
      for (const resolve of this.waiting.values())
        resolve({ id: null, error: { code: 0, message: 'closed' } });
      this.waiting.clear();
    });
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (Array.isArray(message) || !('method' in message)) {
        const id = Array.isArray(message) ? 'batch' : message['id'];
        const resolve = this.waiting.get(id);
        if (resolve) {
          this.waiting.delete(id);
          resolve(message as unknown as RpcReply);
        } else this.replies.push(message);
      } else {
        const n = message as unknown as Notification;
        this.notifications.push(n);
        this.watchers = this.watchers.filter((w) => !w(n));
      }
    });
  }

  /** Connects with a bearer token; rejects with the HTTP status on refusal. */
  static connect(
    url: string,
    token: string | null,
    headers: Record<string, string> = {},
  ): Promise<RpcClient> {
    const auth = token === null ? {} : { authorization: `Bearer ${token}` };
    const ws = new WebSocket(url, { headers: { ...auth, ...headers } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RpcClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Sends raw text and waits for the reply carrying `id`. */
  sendRaw(text: string, id: unknown): Promise<RpcReply> {
    const answer = new Promise<RpcReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply for ${String(id)}`)), WAIT_MS);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
    this.ws.send(text);
    return answer;
  }

  call(method: string, params: Record<string, unknown>): Promise<RpcReply> {
    const id = this.nextId++;
    return this.sendRaw(JSON.stringify({ jsonrpc: '2.0', id, method, params }), id);
  }

  /** Result of a call that must succeed. */
  async ok(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const reply = await this.call(method, params);
    if (!reply.result) throw new Error(`${method} failed: ${JSON.stringify(reply.error)}`);
    return reply.result;
  }

  /** Resolves with the first notification that matches (already received or arriving), bounded. */
  notification(match: (n: Notification) => boolean): Promise<Notification> {
    const found = this.notifications.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('notification did not arrive')), WAIT_MS);
      this.watchers.push((n) => {
        if (!match(n)) return false;
        clearTimeout(timer);
        resolve(n);
        return true;
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) resolve();
      else {
        this.ws.once('close', () => resolve());
        this.ws.close();
      }
    });
  }
}
