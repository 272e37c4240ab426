// `simpay bench <kind>`: performance benchmarks, one module per kind under bench/, each listed
// in the table below and loaded only when run.
import { UsageError, type CliIo, type Command } from './command.ts';

/** A benchmark kind: its usage, and a loader for the function that runs it. */
export interface BenchEntry {
  readonly name: string;
  readonly summary: string;
  /** Options after `simpay bench <name>`, one line. */
  readonly usage: string;
  /** Option descriptions for the help text, one per line. */
  readonly options: readonly string[];
  readonly load: () => Promise<(argv: readonly string[], io: CliIo) => Promise<number>>;
}

const DTMF_OPTIONS = [
  '--minutes N   minutes of 8 kHz DTMF traffic to generate (1-600, default 60)',
  '--seed N      seed of the digits, timings and levels (default 1)',
  '--runs N      timed runs of each decoder; best and median are reported (1-10, default 3)',
  '--noise-dbm0=DB  add white noise at DB dBm0 (-90 to -20) to the whole traffic (default: none)',
  '--json        print the report as JSON',
];

export const benches: readonly BenchEntry[] = [
  { name: 'dtmf', summary: 'DTMF decode speed and accuracy on an hour of audio, against multimon-ng', usage: '[--minutes N] [--seed N] [--runs N] [--noise-dbm0=DB] [--json]', options: DTMF_OPTIONS, load: async () => (await import('../bench/dtmf.ts')).runDtmfBench }, // prettier-ignore
  { name: 'voice', summary: 'voice-channel payRequest round trips (client, bad line, IVR): successes, attempts, retransmissions', usage: '[--count N] [--seed N] [--mode fsk|dtmf] [--encrypt]', options: ['--count N        calls to place (1-100000, default 1000)', '--seed N         seed of the line models (default 1)', '--mode fsk|dtmf  fsk: the caller offers FSK at set-up (default); dtmf: DTMF only', '--encrypt        encrypt payloads with AES under the adaptor keys (KIc/KID) and a counter'], load: async () => (await import('../bench/voice-roundtrips.ts')).runVoiceBench }, // prettier-ignore
  { name: 'pcsc', summary: 'APDU round trips per second through pcscd + vpcd and in-process', usage: '[--rounds N] [--profile FILE] [--slot 0|1] [--json]', options: ['--rounds N      rounds of the 6-APDU mix (1-100000, default 20)', '--profile FILE  virtual SIM profile (default fixtures/sim-profiles/test-sim.json)', '--slot N        vpcd slot: 0 = port 35963, 1 = 35964 (default 0)', '--json          print the report as JSON', 'Needs a running pcscd with vsmartcard-vpcd and a free vpcd slot.'], load: async () => (await import('../bench/pcsc.ts')).runPcscBench }, // prettier-ignore
  { name: 'fleet', summary: 'handsets, each with adaptor and virtual SIM, each paying once through the carrier to the server (SQLite ledger) and verifying the secured reply', usage: '[--handsets N] [--workers W] [--concurrency C] [--json]', options: ['--handsets N     handsets to run (default 1000)', '--workers W      handset processes, attached to the carrier by WebSocket (default 1: this process)', '--concurrency C  handsets alive at once in each process (default 200)', '--json           print the figures and failed checks as JSON', '--carrier URL --first I  run as a handset process: handsets I to I+N-1 attached to the carrier endpoint at URL (ws://), printing their tally as JSON; the bench starts these itself', 'Exits 1 when a payment failed, was not made exactly once, or its reply was not verified.'], load: async () => (await import('../bench/fleet.ts')).runFleetBench }, // prettier-ignore
  { name: 'server', summary: 'durable payments per second over WebSocket, p50/p99, against pgbench TPC-B', usage: '[--payments N] [--connections C] [--in-flight K] [--rate R] [--db sqlite:FILE|postgres://…] [--pg-seconds S] [--server-profile DIR] [--json]', options: ['--payments N     payments in the full-load run (default 20000)', '--connections C  WebSocket connections (default 16)', '--in-flight K    payments outstanding at full load, each from its own payer (default 256)', '--rate R         arrival rate of the fixed-rate run, 0 skips it (default 5000)', '--db URL         sqlite:FILE, or a new postgres://… database (default: a temporary SQLite file)', '--pg-seconds S   length of the pgbench run, 0 skips it (default 10)', '--server-profile DIR  write a V8 CPU profile of the server (node --cpu-prof) into DIR', '--json           print the report as JSON'], load: async () => (await import('../bench/server.ts')).runServerBench }, // prettier-ignore
];

function help(): string {
  const lines = [
    'Usage: simpay bench <kind> [options]',
    '',
    'Runs a benchmark and prints its figures.',
  ];
  for (const b of benches) {
    lines.push('', `simpay bench ${b.name} ${b.usage}`, `  ${b.summary}`);
    lines.push(...b.options.map((o) => `  ${o}`));
  }
  return `${lines.join('\n')}\n`;
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'benchmarks: ' + benches.map((b) => b.name).join(', '),
  get help() {
    return help();
  },
  async run(argv, io) {
    const [kind, ...rest] = argv;
    const entry = benches.find((b) => b.name === kind);
    if (entry === undefined)
      throw new UsageError(
        `${kind === undefined ? 'give a kind' : `unknown kind '${kind}'`}: ${benches.map((b) => b.name).join(', ')}`,
      );
    const run = await entry.load();
    return run(rest, io);
  },
};
