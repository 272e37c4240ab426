// `simpay bench fleet`: many emulated handsets, each with its own SIM adaptor and virtual SIM,
// each paying once through the adaptor's menu through the simulated carrier to the payment server
// (SQLite ledger, durable group commit, SMS gateway) and verifying the secured reply; handsets,
// APDUs and payments per second, memory per handset, and the ledger checked at the end.
import { performance } from 'node:perf_hooks';
import { intOption, parseOptions, UsageError, type CliIo } from '../cli/command.ts';
import { RemoteCarrierServer } from '../server/carrier/remote-server.ts';
import { localCarrier, remoteCarrier } from './fleet-carriers.ts';
import { figures, problems, reportLines, type FleetResult } from './fleet-report.ts';
import { loadFleetKit, runFleet, type FleetOptions, type FleetTally } from './fleet-run.ts';
import { openFleetServer, type FleetServer } from './fleet-server.ts';
import { childRun, combine, shares } from './fleet-workers.ts';

/** Longest a handset waits for its reply, in ms. */
const REPLY_TIMEOUT_MS = 30_000;
/** Longest the server side waits for the SMS centre to empty after the run, in ms. */
const DRAIN_MS = 10_000;

interface RunSettings {
  readonly count: number;
  readonly workers: number;
  readonly concurrency: number;
}

/** Handsets over `workers` child processes attached to the carrier's WebSocket endpoint. */
async function remoteRun(server: FleetServer, s: RunSettings): Promise<FleetTally> {
  const endpoint = new RemoteCarrierServer({ smsc: server.smsc, scheduler: server.scheduler });
  const port = await endpoint.listen(0);
  try {
    const url = `ws://127.0.0.1:${port}`;
    const runs = shares(s.count, s.workers).map((share) => childRun(share, url, s.concurrency));
    return combine(await Promise.all(runs));
  } finally {
    await endpoint.close();
  }
}

/** The whole run: the server side in this process, the handsets here or in child processes. */
async function serverRun(s: RunSettings): Promise<FleetResult> {
  const kit = await loadFleetKit();
  const server = await openFleetServer(s.count, kit.factory.serverNumber);
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const loop = performance.eventLoopUtilization();
    const options: FleetOptions = {
      first: 0,
      count: s.count,
      concurrency: s.concurrency,
      carrier: localCarrier(server.smsc),
      replyTimeoutMs: REPLY_TIMEOUT_MS,
    };
    const tally = s.workers === 1 ? await runFleet(options) : await remoteRun(server, s);
    const runSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const busy = performance.eventLoopUtilization(loop).utilization;
    const leftInCarrier = await server.drain(DRAIN_MS);
    return {
      tally,
      workers: s.workers,
      concurrency: s.concurrency,
      setupSeconds: server.setupSeconds,
      runSeconds,
      serverCpuSeconds: s.workers === 1 ? 0 : (used.user + used.system) / 1e6,
      serverBusy: s.workers === 1 ? 0 : busy,
      serverRss: process.resourceUsage().maxRSS * 1024,
      outcomes: server.outcomes(),
      notices: server.notices(),
      leftInCarrier,
      ledger: await server.check(),
    };
  } finally {
    await server.close();
  }
}

const jsonTally = (tally: FleetTally): string =>
  `${JSON.stringify({ ...tally, failures: tally.failures.slice(0, 10) })}\n`;

/** Runs the benchmark with the arguments after `simpay bench fleet`. */
export async function runFleetBench(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    argv,
    {
      handsets: { type: 'string' },
      workers: { type: 'string' },
      concurrency: { type: 'string' },
      carrier: { type: 'string' },
      first: { type: 'string' },
      json: { type: 'boolean' },
    },
    false,
  );
  const count = intOption(values.handsets, 'handsets', 1000, 1, 1_000_000);
  const workers = intOption(values.workers, 'workers', 1, 1, 64);
  const concurrency = intOption(values.concurrency, 'concurrency', 200, 1, 100_000);
  const first = intOption(values.first, 'first', 0, 0, 1_000_000);
  if (values.carrier !== undefined) {
    if (!/^wss?:\/\/\S+$/.test(values.carrier))
      throw new UsageError(`--carrier must be a ws:// address, got '${values.carrier}'`);
    const carrier = await remoteCarrier(values.carrier);
    const replyTimeoutMs = REPLY_TIMEOUT_MS;
    const tally = await runFleet({ first, count, concurrency, carrier, replyTimeoutMs });
    await carrier.close();
    io.stdout(jsonTally(tally));
    return tally.failures.length === 0 ? 0 : 1;
  }
  const result = await serverRun({ count, workers, concurrency });
  if (values.json === true)
    io.stdout(`${JSON.stringify({ ...figures(result), problems: problems(result) })}\n`);
  else for (const line of reportLines(result)) io.stdout(`${line}\n`);
  return problems(result).length === 0 ? 0 : 1;
}
