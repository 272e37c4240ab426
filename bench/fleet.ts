// `simpay bench fleet`: many emulated handsets, each with its own SIM adaptor and virtual SIM,
// each sending one secured payment SMS through the adaptor's menu; handsets, APDUs and SMS per
// second and memory per handset, in this process or spread over child processes.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { CliError, intOption, parseOptions, type CliIo } from '../cli/command.ts';
import { runFleet, type FleetTally } from './fleet-run.ts';

const SIMPAY = new URL('../bin/simpay.js', import.meta.url).pathname;

/** Runs `count` handsets in a child `simpay bench fleet --json` and reads its tally. */
function childRun(count: number, concurrency: number): Promise<FleetTally> {
  const args = [SIMPAY, 'bench', 'fleet', '--handsets', String(count)];
  args.push('--concurrency', String(concurrency), '--json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trimEnd().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new CliError(`a fleet process exited with code ${code}`));
      try {
        resolve(JSON.parse(last) as FleetTally);
      } catch {
        reject(new CliError(`a fleet process printed no report: ${last.slice(0, 80)}`));
      }
    });
  });
}

/** The handsets of each of `workers` processes. */
const shares = (count: number, workers: number): number[] =>
  Array.from({ length: workers }, (_, i) => Math.floor((count + i) / workers)).filter((n) => n > 0);

/** Adds up the tallies of processes that ran side by side (the slowest one sets the time). */
function combine(tallies: readonly FleetTally[]): FleetTally {
  const sum = (pick: (t: FleetTally) => number): number =>
    tallies.reduce((total, t) => total + pick(t), 0);
  return {
    handsets: sum((t) => t.handsets),
    succeeded: sum((t) => t.succeeded),
    sms: sum((t) => t.sms),
    verified: sum((t) => t.verified),
    apdusHandset: sum((t) => t.apdusHandset),
    apdusSim: sum((t) => t.apdusSim),
    seconds: Math.max(...tallies.map((t) => t.seconds)),
    cpuSeconds: sum((t) => t.cpuSeconds),
    peakLive: sum((t) => t.peakLive),
    peakHeapGrowth: sum((t) => t.peakHeapGrowth),
    peakRssGrowth: sum((t) => t.peakRssGrowth),
    failures: tallies.flatMap((t) => t.failures),
  };
}

/** The figures a run reports. */
function figures(t: FleetTally, workers: number, wallSeconds: number) {
  const perHandset = (bytes: number): number => Math.round(bytes / Math.max(1, t.peakLive));
  return {
    handsets: t.handsets,
    succeeded: t.succeeded,
    workers,
    seconds: Number(t.seconds.toFixed(3)),
    wallSeconds: Number(wallSeconds.toFixed(3)),
    cpuSeconds: Number(t.cpuSeconds.toFixed(3)),
    handsetsPerSecond: Math.round(t.succeeded / t.seconds),
    apdusPerSecond: Math.round(t.apdusHandset / t.seconds),
    simApdusPerSecond: Math.round(t.apdusSim / t.seconds),
    smsPerSecond: Math.round(t.sms / t.seconds),
    handsetsPerCpuSecond: Math.round(t.succeeded / t.cpuSeconds),
    apdusPerHandset: Number((t.apdusHandset / t.handsets).toFixed(1)),
    smsVerified: t.verified,
    peakLiveHandsets: t.peakLive,
    heapBytesPerHandset: perHandset(t.peakHeapGrowth),
    rssBytesPerHandset: perHandset(t.peakRssGrowth),
  };
}

/** Runs the benchmark with the arguments after `simpay bench fleet`. */
export async function runFleetBench(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    argv,
    {
      handsets: { type: 'string' },
      workers: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
    },
    false,
  );
  const count = intOption(values.handsets, 'handsets', 1000, 1, 1_000_000);
  const workers = intOption(values.workers, 'workers', 1, 1, 64);
  const concurrency = intOption(values.concurrency, 'concurrency', 100, 1, 100_000);
  const started = performance.now();
  const tally =
    workers === 1
      ? await runFleet(count, concurrency)
      : combine(await Promise.all(shares(count, workers).map((n) => childRun(n, concurrency))));
  const wallSeconds = (performance.now() - started) / 1000;
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ ...tally, failures: tally.failures.slice(0, 10) })}\n`);
    return tally.failures.length === 0 ? 0 : 1;
  }
  const f = figures(tally, workers, wallSeconds);
  io.stdout(
    `fleet: ${f.succeeded}/${f.handsets} handsets paid once through adaptor + virtual SIM ` +
      `(${workers} process${workers === 1 ? '' : 'es'}, ${concurrency} alive at most each) in ${f.seconds} s: ` +
      `${f.handsetsPerSecond} handsets/s, ${f.apdusPerSecond} APDUs/s handset-adaptor ` +
      `(${f.apdusPerHandset} per handset), ${f.simApdusPerSecond} APDUs/s adaptor-SIM, ` +
      `${f.smsPerSecond} SMS/s (${f.smsVerified} opened by the server keys); ` +
      `${f.cpuSeconds} s CPU (${f.handsetsPerCpuSecond} handsets per CPU second); ` +
      `memory per live handset (peak growth, uncollected garbage included): ${(f.heapBytesPerHandset / 1024).toFixed(0)} KiB heap, ` +
      `${(f.rssBytesPerHandset / 1024).toFixed(0)} KiB RSS\n`,
  );
  for (const failure of tally.failures.slice(0, 10)) io.stdout(`  failed ${failure}\n`);
  io.stdout(`${JSON.stringify(f)}\n`);
  return tally.failures.length === 0 ? 0 : 1;
}
