// The reference figure for `simpay bench server`: PostgreSQL's pgbench TPC-B-like run (fsync on) on
// a throw-away cluster listening on 127.0.0.1, on the same machine and in the same run.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestPostgres } from '../test/server/support/postgres.ts';

/** What pgbench measured. */
export interface PgbenchResult {
  readonly tps: number;
  readonly clients: number;
  readonly seconds: number;
  readonly latencyMs: number | null;
}

function pgbenchPath(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const found = versions.map((v) => join(root, v, 'bin', 'pgbench')).find((p) => existsSync(p));
  return found ?? null;
}

function run(file: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} failed: ${stderr.trim().split('\n').pop() ?? ''}`));
      else resolve(stdout + stderr);
    });
  });
}

/** Runs `pgbench -i` then `pgbench -c clients -j 2 -T seconds`; null without PostgreSQL. */
export async function runPgbench(clients: number, seconds: number): Promise<PgbenchResult | null> {
  const pgbench = pgbenchPath();
  if (pgbench === null) return null;
  const pg = await startTestPostgres();
  if (pg === null) return null;
  try {
    const conn = ['-h', pg.host, '-p', String(pg.port), '-U', pg.user];
    await run(pgbench, ['-i', '-q', ...conn, 'postgres'], 120_000);
    const args = ['-c', String(clients), '-j', '2', '-T', String(seconds), ...conn, 'postgres'];
    const out = await run(pgbench, args, (seconds + 60) * 1000);
    const tps = /tps = ([\d.]+)/.exec(out)?.[1];
    if (tps === undefined) throw new Error('pgbench printed no tps figure');
    const latency = /latency average = ([\d.]+) ms/.exec(out)?.[1];
    return { tps: Number(tps), clients, seconds, latencyMs: latency ? Number(latency) : null };
  } finally {
    pg.stop();
  }
}
