// `simpay bench server`: durable payments per second through the real payment server (a child
// `simpay server` on 127.0.0.1 with a SQLite file, or a new PostgreSQL database), p50/p99 latency
// at full load and at a fixed rate, and PostgreSQL's pgbench TPC-B figure from the same machine as
// the reference ratio.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, intOption, parseOptions, type CliIo } from '../cli/command.ts';
import {
  BenchConnection,
  closedLoop,
  openLoop,
  quantile,
  type Population,
  type RunResult,
} from './server-load.ts';
import { isPostgresUrl } from '../server/ledger/pg-db.ts';
import { cpuSeconds, mainThreadTimes } from './server-cpu.ts';
import { runPgbench, type PgbenchResult } from './server-pgbench.ts';

const TOKEN = 'bench-operator-token-000001';
const PIN = '1234';
const BIN = new URL('../bin/simpay.js', import.meta.url).pathname;

const CONFIG = {
  limits: { perTransaction: '100000', daily: '100000000', perHour: 100_000 },
  rpc: { ratePerSecond: 100_000, burst: 100_000, maxConnections: 10_000, pingIntervalMs: 0 },
};

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

function startServer(db: string, configFile: string, profileDir?: string): Promise<Server> {
  const env = { ...process.env, SIMPAY_PIN_PEPPER: 'bench-pepper-0123456789', SIMPAY_OPERATOR_TOKEN: TOKEN }; // prettier-ignore
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const args = [...profile, BIN, 'server', '--port', '0', '--db', db, '--config', configFile];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => void (out += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (ws:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.on('exit', (code) => reject(new CliError(`server exited (${code}): ${out.trim()}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Registers `count` members with funds, over all connections at once. */
async function populate(conns: readonly BenchConnection[], count: number): Promise<Population> {
  const payers = Array.from({ length: count }, (_, i) => `+1408${2_000_000 + i}`);
  const setUp = async (msisdn: string, i: number) => {
    const conn = conns[i % conns.length] as BenchConnection;
    const registered = await conn.call('member.register', { msisdn, pin: PIN });
    const loaded = await conn.call('funds.load', { msisdn, amount: '10000', reference: 'seed' });
    if (!registered || !loaded)
      throw new CliError(`could not register and fund ${msisdn} (the database must be new)`);
  };
  for (let i = 0; i < count; i += 256)
    await Promise.all(payers.slice(i, i + 256).map((m, j) => setUp(m, i + j)));
  return { payers, payees: [...payers.slice(1), payers[0] as string], pin: PIN };
}

/** CPU microseconds per acknowledged payment of the server and of this driver during a run. */
interface CpuCost {
  readonly serverUs: number | null;
  /** The part of serverUs on the server's event-loop thread, which bounds its rate. */
  readonly loopUs: number | null;
  /**
   * How much of the run the event-loop thread was on a CPU (0-1): near 1 the server was the
   * bottleneck; well below, the run waited on something else (the driver, the disk, too few in flight).
   */
  readonly loopBusy: number | null;
  /** How much of the run it was ready to run but waited for a CPU (0-1): the machine was short of cores. */
  readonly loopWaiting: number | null;
  readonly clientUs: number;
}

async function measured<T extends RunResult>(pid: number | undefined, run: () => Promise<T>) {
  const server0 = pid === undefined ? null : cpuSeconds(pid);
  const loop0 = pid === undefined ? null : mainThreadTimes(pid);
  const client0 = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const wallSeconds = (performance.now() - started) / 1000;
  const server1 = pid === undefined ? null : cpuSeconds(pid);
  const loop1 = pid === undefined ? null : mainThreadTimes(pid);
  const client = process.cpuUsage(client0);
  const per = (seconds: number) => (seconds * 1e6) / Math.max(1, result.ok);
  const serverUs = server0 === null || server1 === null ? null : per(server1 - server0);
  const loop =
    loop0 === null || loop1 === null
      ? null
      : {
          running: loop1.running - loop0.running,
          waiting: loop1.waiting - loop0.waiting,
        };
  const share = (seconds: number) => seconds / Math.max(wallSeconds, 1e-3);
  const cpu: CpuCost = {
    serverUs,
    loopUs: loop === null ? null : per(loop.running),
    loopBusy: loop === null ? null : share(loop.running),
    loopWaiting: loop === null ? null : share(loop.waiting),
    clientUs: per((client.user + client.system) / 1e6),
  };
  return { result, cpu };
}

interface Report {
  readonly max: RunResult;
  readonly maxCpu: CpuCost;
  readonly fixed: RunResult | null;
  readonly fixedCpu: CpuCost | null;
  /** The machine's 1-minute load average before each run (the server shares the cores). */
  readonly load: { readonly max: number; readonly fixed: number | null };
  readonly rate: number;
  readonly pgbench: PgbenchResult | null;
}

const ms = (r: RunResult, q: number) => quantile(r.latencies, q).toFixed(1);
const serverUs = (cpu: CpuCost) => cpu.serverUs?.toFixed(0) ?? '?';
const percent = (share: number) => `${(100 * share).toFixed(0)}%`;
const loopShare = (cpu: CpuCost) =>
  cpu.loopUs === null || cpu.loopBusy === null || cpu.loopWaiting === null
    ? 'event loop ?'
    : `${cpu.loopUs.toFixed(0)} us on its event loop, which ran ${percent(cpu.loopBusy)} of the run and waited for a CPU ${percent(cpu.loopWaiting)}`;
const loadNow = () => loadavg()[0] ?? 0;
const perSecond = (r: RunResult) => r.ok / r.seconds;

function describe(r: Report, connections: number, inFlight: number): string {
  const lines = [
    `max load: ${r.max.ok}/${r.max.sent} payments acknowledged in ${r.max.seconds.toFixed(2)} s over ${connections} connections, ${inFlight} in flight (machine load ${r.load.max.toFixed(2)})`,
    `  ${perSecond(r.max).toFixed(0)} durable payments/s, p50 ${ms(r.max, 0.5)} ms, p99 ${ms(r.max, 0.99)} ms`,
    `  CPU per payment: server ${serverUs(r.maxCpu)} us (${loopShare(r.maxCpu)}), load driver ${r.maxCpu.clientUs.toFixed(0)} us`,
  ];
  if (r.fixed)
    lines.push(
      `fixed rate ${r.rate}/s: ${r.fixed.ok}/${r.fixed.sent} acknowledged, achieved ${perSecond(r.fixed).toFixed(0)}/s, p50 ${ms(r.fixed, 0.5)} ms, p99 ${ms(r.fixed, 0.99)} ms`,
      `  server CPU per payment ${r.fixedCpu ? `${serverUs(r.fixedCpu)} us (${loopShare(r.fixedCpu)})` : '?'} (machine load ${r.load.fixed?.toFixed(2) ?? '?'})`,
    );
  if (r.pgbench)
    lines.push(
      `pgbench TPC-B (-c ${r.pgbench.clients} -j 2 -T ${r.pgbench.seconds}): ${r.pgbench.tps.toFixed(0)} tps`,
      `ratio simpay/pgbench: ${(perSecond(r.max) / r.pgbench.tps).toFixed(2)}`,
    );
  else lines.push('pgbench: not run (PostgreSQL binaries missing or --pg-seconds 0)');
  return `${lines.join('\n')}\n`;
}

const HELP = `Usage: simpay bench server [--payments N] [--connections C] [--in-flight K] [--rate R] [--db sqlite:FILE|postgres://…] [--pg-seconds S] [--server-profile DIR] [--json]
Durable payments per second over WebSocket against a child simpay server, and pgbench for reference.
`;

const OPTIONS = {
  payments: { type: 'string' },
  connections: { type: 'string' },
  'in-flight': { type: 'string' },
  rate: { type: 'string' },
  db: { type: 'string' },
  'pg-seconds': { type: 'string' },
  'server-profile': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Runs the server benchmark; prints the figures. */
export async function runServerBench(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(argv, OPTIONS, false);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const payments = intOption(values.payments, 'payments', 20_000, 100, 1_000_000);
  const connections = intOption(values.connections, 'connections', 16, 1, 1000);
  const inFlight = intOption(values['in-flight'], 'in-flight', 256, 1, 5000);
  const rate = intOption(values.rate, 'rate', 5000, 0, 100_000);
  const pgSeconds = intOption(values['pg-seconds'], 'pg-seconds', 10, 0, 600);
  if (values.db !== undefined && !values.db.startsWith('sqlite:') && !isPostgresUrl(values.db))
    throw new CliError(`--db must be sqlite:FILE or postgres://…, got '${values.db}'`);
  const dir = mkdtempSync(join(tmpdir(), 'simpay-bench-'));
  let server: Server | undefined;
  const conns: BenchConnection[] = [];
  try {
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(CONFIG));
    const db = values.db ?? `sqlite:${join(dir, 'bench.db')}`;
    server = await startServer(db, configFile, values['server-profile']);
    for (let i = 0; i < connections; i++) conns.push(await BenchConnection.open(server.url, TOKEN));
    const pop = await populate(conns, Math.max(inFlight, 64));
    const pid = server.child.pid;
    const load = { max: loadNow(), fixed: rate > 0 ? 0 : null };
    const { result: max, cpu: maxCpu } = await measured(pid, () =>
      closedLoop(conns, pop, payments, inFlight, 120),
    );
    const fixedCount = Math.min(payments, rate * 10);
    if (rate > 0) load.fixed = loadNow();
    const open =
      rate > 0 ? await measured(pid, () => openLoop(conns, pop, fixedCount, rate)) : null;
    const fixed = open?.result ?? null;
    const fixedCpu = open?.cpu ?? null;
    for (const c of conns) c.close();
    await stopServer(server.child);
    const pgbench = pgSeconds > 0 ? await runPgbench(Math.min(connections, 64), pgSeconds) : null;
    const report = { max, maxCpu, fixed, fixedCpu, load, rate, pgbench };
    if (values.json) io.stdout(`${JSON.stringify(summary(report))}\n`);
    else io.stdout(describe(report, connections, inFlight));
    return 0;
  } finally {
    for (const c of conns) c.close();
    if (server) await stopServer(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

function summary(r: Report) {
  const figures = (x: RunResult) => ({
    acknowledged: x.ok,
    sent: x.sent,
    seconds: x.seconds,
    perSecond: perSecond(x),
    p50Ms: quantile(x.latencies, 0.5),
    p99Ms: quantile(x.latencies, 0.99),
  });
  return {
    max: {
      ...figures(r.max),
      serverCpuUsPerPayment: r.maxCpu.serverUs,
      eventLoopUsPerPayment: r.maxCpu.loopUs,
      eventLoopBusy: r.maxCpu.loopBusy,
      eventLoopWaitingForCpu: r.maxCpu.loopWaiting,
      machineLoad: r.load.max,
    },
    fixed: r.fixed
      ? {
          rate: r.rate,
          ...figures(r.fixed),
          serverCpuUsPerPayment: r.fixedCpu?.serverUs ?? null,
          eventLoopUsPerPayment: r.fixedCpu?.loopUs ?? null,
          machineLoad: r.load.fixed,
        }
      : null,
    pgbenchTps: r.pgbench?.tps ?? null,
    ratio: r.pgbench ? perSecond(r.max) / r.pgbench.tps : null,
  };
}
