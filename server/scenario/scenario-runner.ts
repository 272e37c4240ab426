// Runs a scenario: builds the world, then for each step carries out its action, lets simulated
// time run until the carrier is idle, and checks what the step expects; ends with the balances,
// the settlement positions, the money check and the carrier's counters.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPcapTraceSink } from '../../bridge/trace/pcap-writer.ts';
import { writeWav } from '../../modem/io/wav.ts';
import { ManualScheduler } from '../carrier/scheduler.ts';
import type { SmscEventType } from '../carrier/smsc-types.ts';
import { checkExpectation, markWorld, stepNotes } from './expectations.ts';
import { checkMoney, memberBalances, settlementReport } from './ledger-check.ts';
import type { ScenarioProgress, ScenarioReport, StepReport } from './scenario-report-types.ts';
import { lostCards } from './scenario-handset.ts';
import type { Scenario, ScenarioStep } from './scenario-types.ts';
import { ScenarioWorld } from './scenario-world.ts';
import { describeAction, actorOf } from './step-describe.ts';
import { ActionError, runAction, type CallAudio } from './step-actions.ts';
import { CALL_RATE } from './scenario-voice.ts';

/** How a run is carried out. */
export interface RunOptions {
  /** `sqlite:FILE`; default a file in a temporary folder removed after the run. */
  readonly db?: string;
  /** Writes the APDU traces of every handset to this GSMTAP pcap file (PINs masked), stamped
   * with the run's simulated time so that the same seed writes the same file. */
  readonly pcapFile?: string;
  /** Writes the audio of every call, both directions, as 16-bit WAV files into this folder. */
  readonly wavDir?: string;
  readonly onProgress?: (progress: ScenarioProgress) => void;
}

const COUNTED: readonly SmscEventType[] = [
  'accepted',
  'delivered',
  'dropped',
  'duplicated',
  'held',
  'delayed',
  'lost',
  'expired',
];

/** Runs `scenario` and reports on every step; never throws for a failed expectation. */
export async function runScenario(
  scenario: Scenario,
  options: RunOptions = {},
): Promise<ScenarioReport> {
  const started = performance.now();
  const temp = options.db ? undefined : mkdtempSync(join(tmpdir(), 'simpay-scenario-'));
  const db = options.db ?? `sqlite:${join(temp!, 'ledger.db')}`;
  const scheduler = new ManualScheduler();
  const pcap = options.pcapFile
    ? openPcapTraceSink(options.pcapFile, {
        maskSecrets: true,
        clock: () => scheduler.now() * 1000,
      })
    : undefined;
  if (options.wavDir) mkdirSync(options.wavDir, { recursive: true });
  let world: ScenarioWorld | undefined;
  try {
    world = await ScenarioWorld.open(scenario, {
      db,
      ...(pcap ? { trace: pcap.sink } : {}),
      recordCalls: options.wavDir !== undefined,
      scheduler,
    });
    const origin = scheduler.now();
    const { steps, wavFiles } = await runSteps(world, scenario, options);
    return await finish(world, scenario, steps, {
      startedMs: started,
      simulatedMs: scheduler.now() - origin,
      wavFiles,
      ...(options.pcapFile ? { pcapFile: options.pcapFile } : {}),
    });
  } finally {
    await world?.close();
    pcap?.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

/** Every step in order, with the call audio written as the steps make it. */
async function runSteps(world: ScenarioWorld, scenario: Scenario, options: RunOptions) {
  const pins = new Map(scenario.members.map((m) => [m.msisdn, m.pin]));
  const steps: StepReport[] = [];
  const wavFiles: string[] = [];
  for (const [i, step] of scenario.steps.entries()) {
    const what = describeAction(step.action);
    options.onProgress?.({ step: i + 1, of: scenario.steps.length, what });
    const report = await runStep(world, step, i + 1, pins);
    if (report.audio && options.wavDir)
      wavFiles.push(...(await writeCallAudio(options.wavDir, i + 1, report.audio)));
    steps.push(report.step);
  }
  return { steps, wavFiles };
}

async function runStep(
  world: ScenarioWorld,
  step: ScenarioStep,
  index: number,
  pins: Map<string, string>,
): Promise<{ step: StepReport; audio?: CallAudio }> {
  const began = performance.now();
  const simulatedFrom = world.scheduler.now();
  const marks = markWorld(world);
  const lostBefore = lostCards(world.phones.values());
  const base = { index, line: step.line, action: describeAction(step.action) };
  let result;
  try {
    result = await runAction(world, step.action, pins);
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    result = { notes: [], failed: error.message };
  }
  if (step.action.kind === 'join') pins.set(step.action.msisdn, step.action.pin);
  const failures = 'failed' in result ? [result.failed] : [];
  if (!(await world.settle())) failures.push('the carrier did not come to rest');
  failures.push(...lostCards(world.phones.values()).filter((lost) => !lostBefore.includes(lost)));
  const smsRefused = 'smsRefused' in result ? result.smsRefused : undefined;
  const actor = actorOf(step.action);
  failures.push(...(await checkExpectation(world, step.expect, { marks, actor, smsRefused })));
  const stepReport: StepReport = {
    ...base,
    ...(step.note !== undefined ? { note: step.note } : {}),
    passed: failures.length === 0,
    failures,
    notes: [...result.notes, ...stepNotes(world, marks)],
    simulatedMs: world.scheduler.now() - simulatedFrom,
    wallMs: Math.round(performance.now() - began),
  };
  return 'audio' in result && result.audio
    ? { step: stepReport, audio: result.audio }
    : { step: stepReport };
}

async function writeCallAudio(dir: string, step: number, audio: CallAudio): Promise<string[]> {
  const files: string[] = [];
  const sides: [string, Float32Array | undefined][] = [
    ['uplink', audio.uplink],
    ['downlink', audio.downlink],
  ];
  for (const [side, samples] of sides) {
    if (!samples) continue;
    const file = join(dir, `step${String(step).padStart(2, '0')}-${audio.name}-${side}.wav`);
    writeFileSync(file, await writeWav({ sampleRate: CALL_RATE, samples }));
    files.push(file);
  }
  return files;
}

interface Finish {
  readonly startedMs: number;
  readonly simulatedMs: number;
  readonly wavFiles: readonly string[];
  readonly pcapFile?: string;
}

async function finish(
  world: ScenarioWorld,
  scenario: Scenario,
  steps: StepReport[],
  f: Finish,
): Promise<ScenarioReport> {
  const numbers = [
    ...scenario.members.map((m) => m.msisdn),
    ...scenario.steps.flatMap((s) => (s.action.kind === 'join' ? [s.action.msisdn] : [])),
  ];
  const opening = scenario.members.reduce((sum, m) => sum + m.balance, 0n);
  const money = await checkMoney(world.core, opening);
  const failed = steps.flatMap((s) =>
    s.failures.map((why) => `step ${s.index} (${scenario.file}:${s.line}): ${why}`),
  );
  if (!money.holds)
    failed.push(`money check: owed ${money.owed}, cash ${money.cash}, opening ${money.opening}`);
  return {
    name: scenario.name,
    file: scenario.file,
    seed: scenario.seed,
    passed: failed.length === 0,
    failed,
    steps,
    balances: await memberBalances(world.core, numbers),
    settlement: await settlementReport(world.core, world.scheduler.now() - f.simulatedMs),
    money,
    carrier: Object.fromEntries(COUNTED.map((t) => [t, world.smsc.count(t)])),
    handsets: world.phones.size,
    sims: [...world.phones.values()].map((phone) => phone.sim),
    timings: { wallMs: Math.round(performance.now() - f.startedMs), simulatedMs: f.simulatedMs },
    ...(f.pcapFile ? { pcapFile: f.pcapFile } : {}),
    wavFiles: f.wavFiles,
  };
}
