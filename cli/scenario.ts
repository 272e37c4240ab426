// `simpay scenario FILE`: runs one YAML scenario (fixtures/scenarios/README.md) in simulated time
// and prints its report; exit 0 when every expectation holds, 1 naming each one that does not.
import { existsSync, statSync } from 'node:fs';
import { ScenarioError, loadScenario } from '../server/scenario/scenario-loader.ts';
import { HandsetSetupError } from '../server/scenario/scenario-handset.ts';
import { runScenario, type RunOptions } from '../server/scenario/scenario-runner.ts';
import { formatReport } from '../server/scenario/scenario-format.ts';
import type { ScenarioReport, ScenarioProgress } from '../server/scenario/scenario-report-types.ts';
import type { Scenario } from '../server/scenario/scenario-types.ts';
import { CliError, UsageError, parseOptions, type CliIo, type Command } from './command.ts';

const help = `Usage: simpay scenario FILE.yaml [--json] [--db sqlite:FILE] [--pcap FILE] [--wav DIR]

Runs one scenario: the payment server (SQLite ledger), the simulated SMS centre and voice switch,
and the scenario's handsets, each with the SIM adaptor unless the file says otherwise and a
virtual SIM from a profile or the card in a PC/SC reader (sim: { reader: NAME }, through pcscd).
Everything runs in one process and in simulated time, so that "wait: { for: 31d }" is instant
and a run with the same seed gives the same result. Each step's action is carried out, the carrier runs until it is idle, and the
step's expectations are checked. The format is in fixtures/scenarios/README.md.

Prints a report (steps, balances, settlement positions, money check, carrier counters). Exits 0
when every expectation holds, 1 otherwise, naming each failed one as
  step 3 (FILE:LINE): balance of +14085550001 is 80.00, expected 87.50

Options:
  --json            print the report as JSON
  --db URL          ledger database, sqlite:FILE (default: a temporary file, removed afterwards)
  --pcap FILE       write every handset's APDU trace as GSMTAP SIM packets (PINs masked)
  --wav DIR         write the audio of every call, both directions, as 16-bit WAV files

Examples:
  simpay scenario fixtures/scenarios/secured-sms-menu.yaml
  simpay scenario fixtures/scenarios/voice-dtmf.yaml --wav /tmp/calls --json
`;

const options = {
  json: { type: 'boolean' },
  db: { type: 'string' },
  pcap: { type: 'string' },
  wav: { type: 'string' },
} as const;

/** The report as JSON text (amounts are already decimal strings). */
export function reportJson(report: ScenarioReport): string {
  return `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

/** Progress on stderr: a bar redrawn in place on a terminal, one line per step otherwise. */
export function progressWriter(io: CliIo, tty: boolean): (p: ScenarioProgress) => void {
  return (p) => {
    if (!tty) return io.stderr(`step ${p.step}/${p.of}: ${p.what}\n`);
    const width = 20;
    const filled = Math.round((width * (p.step - 1)) / p.of);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    io.stderr(`\r\x1b[K${bar} ${p.step}/${p.of} ${p.what.slice(0, 60)}`);
    if (p.step === p.of) io.stderr('\n');
  };
}

/** The options `simpay scenario` and `simpay demo` both take, as parsed. */
export interface RunFlags {
  readonly db?: string | undefined;
  readonly pcap?: string | undefined;
  readonly wav?: string | undefined;
  readonly json?: boolean | undefined;
}

/** Runs a loaded scenario with a command's options and prints its report; returns the exit code. */
export async function runAndReport(
  scenario: Scenario,
  flags: RunFlags,
  io: CliIo,
): Promise<number> {
  const db = dbOption(flags.db);
  const run: RunOptions = {
    ...(db ? { db } : {}),
    ...(flags.pcap ? { pcapFile: flags.pcap } : {}),
    ...(flags.wav ? { wavDir: flags.wav } : {}),
    onProgress: progressWriter(io, process.stderr.isTTY === true),
  };
  const json = flags.json === true;
  let report: ScenarioReport;
  try {
    report = await runScenario(scenario, run);
  } catch (error) {
    if (error instanceof HandsetSetupError) throw new CliError(error.message);
    throw error;
  }
  io.stdout(json ? reportJson(report) : formatReport(report));
  if (!report.passed && json) for (const line of report.failed) io.stderr(`${line}\n`);
  return report.passed ? 0 : 1;
}

/** The database option as the runner takes it: a new SQLite file (a run starts from an empty ledger). */
function dbOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.startsWith('postgres')) throw new UsageError('--db: scenarios run on sqlite:FILE only');
  const file = value.replace(/^sqlite:/, '');
  if (file === '' || file === ':memory:') throw new UsageError('--db needs a file name');
  if (existsSync(file) && statSync(file).size > 0)
    throw new CliError(`--db ${file} already holds data; a run starts from an empty ledger`);
  return `sqlite:${file}`;
}

export const scenarioCommand: Command = {
  name: 'scenario',
  summary: 'run a YAML scenario (payments, faults, expectations) in simulated time',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, options, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one scenario FILE.yaml');
    let scenario: Scenario;
    try {
      scenario = loadScenario(positionals[0]!);
    } catch (error) {
      if (error instanceof ScenarioError) throw new CliError(error.message);
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
        throw new CliError(`${positionals[0]}: no such file`);
      throw error;
    }
    return runAndReport(scenario, values, io);
  },
};
