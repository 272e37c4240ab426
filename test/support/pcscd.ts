// Starts and stops a private pcscd (pcsc-lite) with the vsmartcard vpcd driver for end-to-end
// tests: one daemon per machine, so test files take a lock; no daemon is ever left behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { processAlive } from './process-alive.ts';

export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
const PCSCD_PID_FILE = '/run/pcscd/pcscd.pid';
const VPCD_CONF = '/etc/reader.conf.d/vpcd';
const LOCK_DIR = '/tmp/simpay-pcscd.lock';
const START_TIMEOUT_MS = 10_000;
const LOCK_TIMEOUT_MS = 240_000;

/** Why PC/SC tests cannot run here, or undefined when they can. Only a missing pcscd skips. */
export function pcscdSkipReason(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v pcscd'], { encoding: 'utf8' });
  if (found.status !== 0) return 'pcscd is not installed (apt-get install pcscd vsmartcard-vpcd)';
  return undefined;
}

/** A running pcscd owned by the test. */
export interface Pcscd {
  readonly pid: number;
  /** Everything pcscd logged so far (--info level). */
  log(): string;
  /** SIGKILL, as a crash would; waits for the process to end. */
  kill(): Promise<void>;
  /** Starts it again after `kill`. */
  restart(): Promise<void>;
  /** SIGTERM (SIGKILL after 5 s), waits, releases the lock. */
  stop(): Promise<void>;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquireLock(): Promise<void> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(`${LOCK_DIR}/owner`, String(process.pid));
      return;
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(`${LOCK_DIR}/owner`, 'utf8'));
      } catch {
        owner = NaN;
      }
      if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) {
        killOrphan();
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`pcscd test lock ${LOCK_DIR} held too long`);
      await delay(200);
    }
  }
}

/** Kills a pcscd that a test process started and then died without stopping (it is recorded). */
function killOrphan(): void {
  try {
    const pid = Number(readFileSync(`${LOCK_DIR}/pcscd`, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
}

function clearStaleFiles(): void {
  if (existsSync(PCSCD_PID_FILE)) {
    const pid = Number(readFileSync(PCSCD_PID_FILE, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
      throw new Error(`another pcscd (pid ${pid}) is running; stop it before these tests`);
    }
  }
  rmSync(PCSCD_PID_FILE, { force: true });
  rmSync(PCSCD_SOCKET, { force: true });
}

const socketReady = (): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(PCSCD_SOCKET);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

async function launch(logs: string[]): Promise<ChildProcess> {
  clearStaleFiles();
  mkdirSync('/run/pcscd', { recursive: true });
  // setpriv --pdeathsig: the daemon dies with the test process even when that is killed outright.
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', 'pcscd', '--foreground', '--info'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) writeFileSync(`${LOCK_DIR}/pcscd`, String(child.pid));
  child.stdout!.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  // Only this daemon's output counts: after a restart, `logs` already says "daemon ready".
  const before = logs.length;
  const ready = () => logs.slice(before).join('').includes('daemon ready');
  while (!ready() || !(await socketReady())) {
    if (child.exitCode !== null)
      throw new Error(`pcscd exited early: ${logs.join('').slice(-400)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('pcscd did not become ready within 10 s');
    }
    await delay(50);
  }
  return child;
}

async function ended(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exit;
  clearTimeout(timer);
}

/**
 * Starts `pcscd --foreground` with /etc/reader.conf.d/vpcd and waits until its socket answers.
 * Throws when vpcd's reader configuration is missing or another pcscd runs.
 */
export async function startPcscd(): Promise<Pcscd> {
  if (!existsSync(VPCD_CONF))
    throw new Error(`${VPCD_CONF} missing: apt-get install vsmartcard-vpcd`);
  await acquireLock();
  const logs: string[] = [];
  let child: ChildProcess;
  try {
    child = await launch(logs);
  } catch (error) {
    rmSync(LOCK_DIR, { recursive: true, force: true });
    throw error;
  }
  const guard = (): void => {
    child.kill('SIGKILL');
    rmSync(LOCK_DIR, { recursive: true, force: true });
  };
  process.once('exit', guard);
  return {
    get pid() {
      return child.pid!;
    },
    log: () => logs.join(''),
    kill: () => ended(child, 'SIGKILL', 0),
    async restart() {
      await ended(child, 'SIGKILL', 0);
      child = await launch(logs);
    },
    async stop() {
      await ended(child, 'SIGTERM', 5000);
      process.removeListener('exit', guard);
      rmSync(PCSCD_PID_FILE, { force: true });
      rmSync(LOCK_DIR, { recursive: true, force: true });
    },
  };
}

/** Waits until pcscd reports a card in `reader` present (or gone), through the PC/SC bridge. */
export async function waitForCard(
  reader: string,
  present: boolean,
  timeoutMs = 5000,
): Promise<void> {
  const { PcscContext } = await import('../../bridge/pcsc/pcsc-context.ts');
  const context = await PcscContext.open();
  try {
    await context.waitFor(
      (all) => all.find((r) => r.name === reader && r.known && r.present === present),
      timeoutMs,
      'PCSC_NO_CARD',
      `waiting for the card in ${reader} to be ${present ? 'inserted' : 'removed'}`,
    );
  } finally {
    await context.close();
  }
}
