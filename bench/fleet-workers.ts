// Handset processes of `simpay bench fleet`: each child runs its share of the handsets with
// `--carrier ws://…` and attaches them to the carrier's WebSocket endpoint in this process; the
// tallies the children print are added up.
import { spawn } from 'node:child_process';
import { CliError } from '../cli/command.ts';
import type { FleetTally } from './fleet-run.ts';

const SIMPAY = new URL('../bin/simpay.js', import.meta.url).pathname;

/** What a handset process is asked to run. */
export interface WorkerShare {
  readonly first: number;
  readonly count: number;
}

/** Splits `count` handsets into `workers` consecutive shares of nearly equal size. */
export function shares(count: number, workers: number): WorkerShare[] {
  const result: WorkerShare[] = [];
  let first = 0;
  for (let i = 0; i < workers; i++) {
    const n = Math.floor((count + i) / workers);
    if (n > 0) result.push({ first, count: n });
    first += n;
  }
  return result;
}

/** Runs `share` in a child `simpay bench fleet --carrier URL --json` and reads its tally. */
export function childRun(
  share: WorkerShare,
  url: string,
  concurrency: number,
): Promise<FleetTally> {
  const args = [SIMPAY, 'bench', 'fleet', '--carrier', url, '--first', String(share.first)];
  args.push('--handsets', String(share.count), '--concurrency', String(concurrency), '--json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trimEnd().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as FleetTally);
      } catch {
        reject(new CliError(`a handset process exited with code ${code} and printed no tally`));
      }
    });
  });
}

/** Adds up the tallies of processes that ran side by side (the slowest one sets the time). */
export function combine(tallies: readonly FleetTally[]): FleetTally {
  const sum = (pick: (t: FleetTally) => number): number =>
    tallies.reduce((total, t) => total + pick(t), 0);
  return {
    handsets: sum((t) => t.handsets),
    succeeded: sum((t) => t.succeeded),
    sms: sum((t) => t.sms),
    replies: sum((t) => t.replies),
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
