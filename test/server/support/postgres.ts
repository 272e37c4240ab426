// A throw-away PostgreSQL cluster for ledger tests, from Debian's postgresql binaries: initdb in a
// temporary directory, listening on 127.0.0.1 only, stopped and removed afterwards (also when the
// test process exits early; a cluster whose test process was killed is stopped by the next start).
// Returns null when the binaries are not installed, so the tests that need it are skipped.
import { execFileSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../../support/process-alive.ts';

export interface TestPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  stop(): void;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const dir = versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  return dir ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const OWNER_FILE = 'owner.pid';

function runner(bin: string) {
  const asRoot = process.getuid?.() === 0;
  return (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    execFileSync(command, argv, { stdio: 'ignore', timeout: 60_000 });
  };
}

/** Stops and removes clusters left by test processes that no longer run. */
function removeOrphans(run: (tool: string, args: string[]) => void): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('simpay-pg-')) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || processAlive(owner)) continue;
    try {
      run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped: only the directory is left.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a cluster (as the postgres user when run as root), or null without binaries. */
export async function startTestPostgres(): Promise<TestPostgres | null> {
  const bin = binDir();
  if (!bin) return null;
  const run = runner(bin);
  removeOrphans(run);
  const dir = mkdtempSync(join(tmpdir(), 'simpay-pg-'));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'simpay', '--no-sync']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=on`;
  run('pg_ctl', ['-D', data, '-o', options, '-w', '-l', join(dir, 'log'), 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  return { host: '127.0.0.1', port, user: 'simpay', stop };
}

/** True when Debian's PostgreSQL binaries are installed. */
export function postgresAvailable(): boolean {
  return binDir() !== null;
}
