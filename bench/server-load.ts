// Load driver for `simpay bench server`: JSON-RPC 2.0 payment.send over WebSocket (RFC 6455) from
// several connections, closed-loop (a fixed number in flight) or open-loop (a fixed arrival rate).
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

/** A connection with numbered requests, each resolved with its answer and round-trip time. */
export class BenchConnection {
  private readonly waiting = new Map<number, (ok: boolean) => void>();
  private nextId = 1;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      const id = Number(/"id":(\d+)/.exec(text)?.[1]);
      const resolve = this.waiting.get(id);
      if (!resolve) return;
      this.waiting.delete(id);
      resolve(text.includes('"result"'));
    });
    ws.on('close', () => {
      for (const resolve of this.waiting.values()) resolve(false);
      this.waiting.clear();
    });
  }

  /** Opens a connection with a bearer token. */
  static open(url: string, token: string): Promise<BenchConnection> {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new BenchConnection(ws)));
      ws.once('error', reject);
    });
  }

  /** Sends one request; resolves true for a result, false for an error or a closed connection. */
  call(method: string, params: Record<string, unknown>): Promise<boolean> {
    const id = this.nextId++;
    if (this.ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** Payers and payees of the run; payer i always pays payee i. */
export interface Population {
  readonly payers: readonly string[];
  readonly payees: readonly string[];
  readonly pin: string;
}

/** Latencies (ms) and counts of one run. */
export interface RunResult {
  readonly sent: number;
  readonly ok: number;
  readonly seconds: number;
  readonly latencies: Float64Array;
}

let referenceCounter = 0;

function sendParams(pop: Population, slot: number) {
  const i = slot % pop.payers.length;
  referenceCounter += 1;
  return {
    msisdn: pop.payers[i],
    pin: pop.pin,
    to: pop.payees[i],
    amount: '0.01',
    reference: `b${referenceCounter}`,
  };
}

/** Keeps `inFlight` sends outstanding (each slot its own payer) until `total` were sent or time ends. */
export async function closedLoop(
  conns: readonly BenchConnection[],
  pop: Population,
  total: number,
  inFlight: number,
  maxSeconds: number,
): Promise<RunResult> {
  const latencies = new Float64Array(total);
  let sent = 0;
  let ok = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const worker = async (slot: number) => {
    const conn = conns[slot % conns.length] as BenchConnection;
    while (sent < total && performance.now() < deadline) {
      const index = sent++;
      const t0 = performance.now();
      if (await conn.call('payment.send', sendParams(pop, slot))) ok++;
      latencies[index] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, slot) => worker(slot)));
  const seconds = (performance.now() - started) / 1000;
  return { sent, ok, seconds, latencies: latencies.subarray(0, sent) };
}

/** Sends at `rate` per second for `total` sends; latency counts from each send's scheduled time. */
export async function openLoop(
  conns: readonly BenchConnection[],
  pop: Population,
  total: number,
  rate: number,
): Promise<RunResult> {
  const latencies = new Float64Array(total);
  const pending: Promise<void>[] = [];
  let ok = 0;
  let sent = 0;
  const started = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    for (; sent < due; sent++) {
      const index = sent;
      const scheduled = started + (index * 1000) / rate;
      const conn = conns[index % conns.length] as BenchConnection;
      const call = conn.call('payment.send', sendParams(pop, index)).then((good) => {
        if (good) ok++;
        latencies[index] = performance.now() - scheduled;
      });
      pending.push(call);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  return { sent, ok, seconds, latencies };
}

/** The q-quantile (0..1) of a sample, in its unit. */
export function quantile(values: Float64Array, q: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
