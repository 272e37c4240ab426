// `simpay server` processes started on one database with one configuration file, for end-to-end
// tests; the RPC clients connected to them, the processes and the folder are ended together.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../server/support/postgres.ts';
import { RpcClient } from '../server/support/rpc-client.ts';
import {
  startServerProcess,
  type ServerProcess,
  type ServerProcessOptions,
} from '../server/support/server-process.ts';

/** The `--db` URL of the `postgres` database of a test cluster. */
const postgresUrl = (c: TestPostgres): string =>
  `postgres://${c.user}@${c.host}:${c.port}/postgres`;

/** Server processes sharing a configuration file in a folder of their own, and their clients. */
export class ServerFleet {
  private folder: string | null = null;
  private readonly processes: ServerProcess[] = [];
  private readonly clients: RpcClient[] = [];

  /** A fleet whose servers read `config` (YAML); nothing is written before it is first used. */
  constructor(private readonly config: string) {}

  /** The temporary folder holding `c.yaml` (and a SQLite database, when a test puts one there). */
  get dir(): string {
    if (this.folder === null) {
      this.folder = mkdtempSync(join(tmpdir(), 'simpay-servers-'));
      writeFileSync(join(this.folder, 'c.yaml'), this.config);
    }
    return this.folder;
  }

  /** The servers of this fleet started so far, oldest first. */
  get started(): readonly ServerProcess[] {
    return this.processes;
  }

  /** Starts `count` servers at once on `db` (a `--db` value); any that fails rejects the call. */
  async start(db: string, count = 1, options?: ServerProcessOptions): Promise<ServerProcess[]> {
    const args = ['--db', db, '--config', join(this.dir, 'c.yaml')];
    const settled = await Promise.allSettled(
      Array.from({ length: count }, () => startServerProcess(args, options)),
    );
    const started: ServerProcess[] = [];
    for (const s of settled) if (s.status === 'fulfilled') started.push(s.value);
    this.processes.push(...started);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return started;
  }

  /** An RPC client on `server` with the bearer `token`, closed with the fleet. */
  async connect(server: ServerProcess, token: string): Promise<RpcClient> {
    const client = await RpcClient.connect(server.url, token);
    this.clients.push(client);
    return client;
  }

  /** Closes the clients, ends the servers with `signal` and waits for them, removes the folder. */
  async close(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.close()));
    const processes = this.processes.splice(0);
    for (const p of processes) p.child.kill(signal);
    await Promise.all(processes.map((p) => p.exited));
    if (this.folder !== null) rmSync(this.folder, { recursive: true, force: true });
    this.folder = null;
  }
}

/** Server processes on the `postgres` database of a throw-away PostgreSQL cluster. */
export interface PostgresFleet {
  readonly fleet: ServerFleet;
  /** The running cluster (for reading the database directly). */
  cluster(): TestPostgres;
  /** Starts `count` servers at once on the cluster. */
  start(count: number): Promise<ServerProcess[]>;
}

/**
 * A fleet reading `config` on a cluster started before the tests of the `describe` block it is
 * called in; the fleet and the cluster are ended after them.
 */
export function fleetOnPostgres(config: string): PostgresFleet {
  const fleet = new ServerFleet(config);
  let running: TestPostgres | null = null;
  const cluster = (): TestPostgres => {
    if (running === null) throw new Error('no test cluster');
    return running;
  };
  beforeAll(async () => {
    running = await startTestPostgres();
  }, 120_000);
  afterAll(async () => {
    await fleet.close();
    running?.stop();
  });
  return { fleet, cluster, start: (count) => fleet.start(postgresUrl(cluster()), count) };
}
