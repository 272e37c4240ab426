// `simpay bench dtmf`: decode speed and digit accuracy of simpay's Q.24 receiver and of
// multimon-ng on the same generated hour of 8 kHz DTMF traffic (multimon-ng's raw mode reads
// 16-bit native-endian PCM at 22050 Hz, so its copy is resampled by sox beforehand, untimed).
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, intOption, numberOption, parseOptions, type CliIo } from '../cli/command.ts';
import { DtmfDetector } from '../modem/dtmf/dtmf-detector.ts';
import { DTMF_KEYS } from '../modem/dtmf/keys.ts';
import { writeTone } from '../modem/dtmf/tone-generator.ts';
import { decodePcm16leInto, encodePcm16le } from '../modem/io/pcm.ts';
import { dbm0ToRms } from '../modem/level.ts';
import { createRandom, type RandomSource } from '../modem/random.ts';

const RATE = 8000;
const MULTIMON_RATE = 22050;
/** Q.24-conforming traffic that multimon-ng can also decode (its twist limit is ±4.77 dB). */
const TRAFFIC = { toneMs: [40, 60], gapMs: [40, 100], levelDbm0: [-20, -5], twistDb: [-3, 2] };

interface DecoderRun {
  readonly best: number;
  readonly median: number;
  /** Least CPU time (user + system) of a run: steadier than wall time on a busy machine. */
  readonly cpuBest: number;
  readonly digits: string;
}

/** CPU seconds used so far by this process, or by its waited-for children (Linux /proc; else 0). */
function cpuSeconds(children: boolean): number {
  if (!children) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** USER_HZ of Linux /proc times. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Runs the benchmark with the arguments after `simpay bench dtmf`. */
export async function runDtmfBench(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    argv,
    {
      minutes: { type: 'string' },
      seed: { type: 'string' },
      runs: { type: 'string' },
      'noise-dbm0': { type: 'string' },
      json: { type: 'boolean' },
    },
    false,
  );
  const minutes = intOption(values.minutes, 'minutes', 60, 1, 600);
  const seed = intOption(values.seed, 'seed', 1, 0, 2 ** 31);
  const runs = intOption(values.runs, 'runs', 3, 1, 10);
  const noiseDbm0 =
    values['noise-dbm0'] === undefined
      ? undefined
      : numberOption(values['noise-dbm0'], 'noise-dbm0', 0, -90, -20);
  requireTool('multimon-ng', ['-h']);
  requireTool('sox', ['--version']);
  const dir = mkdtempSync(join(tmpdir(), 'simpay-bench-dtmf-'));
  try {
    const raw8k = join(dir, 'traffic-8k.raw');
    const raw22k = join(dir, 'traffic-22k.raw');
    const sent = writeTraffic(raw8k, minutes, seed, noiseDbm0);
    resample(raw8k, raw22k);
    const simpay = timeRuns(runs, false, () => decodeWithSimpay(raw8k));
    const multimon = timeRuns(runs, true, () => decodeWithMultimon(raw22k));
    const report = buildReport({ minutes, seed, runs, noiseDbm0 }, sent, simpay, multimon);
    io.stdout(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function requireTool(tool: string, args: string[]): void {
  const probe = spawnSync(tool, args, { stdio: 'ignore' });
  if (probe.error) throw new CliError(`${tool} not found; install it (scripts/setup.sh lists it)`);
}

function between(random: RandomSource, [low, high]: number[]): number {
  return (low as number) + random.uniform() * ((high as number) - (low as number));
}

/**
 * Writes `minutes` of random Q.24 traffic as 16-bit LE PCM at 8 kHz, with white noise at
 * `noiseDbm0` throughout if given; returns the digits sent.
 */
function writeTraffic(file: string, minutes: number, seed: number, noiseDbm0?: number): string {
  const random = createRandom(seed);
  const noise = createRandom(seed + 1);
  const noiseRms = noiseDbm0 === undefined ? 0 : dbm0ToRms(noiseDbm0);
  const total = minutes * 60 * RATE;
  const chunk = new Float32Array(60 * RATE);
  const fd = openSync(file, 'w');
  const write = (length: number): void => {
    const part = chunk.subarray(0, length);
    if (noiseRms > 0)
      for (let i = 0; i < length; i++) part[i] = (part[i] as number) + noiseRms * noise.gaussian();
    writeSync(fd, encodePcm16le(part));
    chunk.fill(0);
  };
  const sent: string[] = [];
  let written = 0;
  let fill = 0;
  try {
    for (;;) {
      const key = DTMF_KEYS.charAt(random.int(DTMF_KEYS.length));
      const tone = Math.round((between(random, TRAFFIC.toneMs) * RATE) / 1000);
      const gap = Math.round((between(random, TRAFFIC.gapMs) * RATE) / 1000);
      const options = { sampleRate: RATE, toneMs: 0, gapMs: 0, levelDbm0: between(random, TRAFFIC.levelDbm0), twistDb: between(random, TRAFFIC.twistDb) }; // prettier-ignore
      if (written + fill + tone + gap > total) break;
      if (fill + tone + gap > chunk.length) {
        write(fill);
        written += fill;
        fill = 0;
      }
      writeTone(chunk, fill, tone, key, options);
      sent.push(key);
      fill += tone + gap;
    }
    for (let rest = total - written; rest > 0; rest -= chunk.length)
      write(Math.min(rest, chunk.length));
  } finally {
    closeSync(fd);
  }
  return sent.join('');
}

function resample(from: string, to: string): void {
  const format = ['-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1'];
  const args = [...format, '-r', String(RATE), from, ...format, '-r', String(MULTIMON_RATE), to];
  const sox = spawnSync('sox', args, { encoding: 'utf8' });
  if (sox.status !== 0) throw new CliError(`sox failed: ${sox.stderr.trim().split('\n')[0] ?? ''}`);
}

/** Reads the raw file in one-second pieces and decodes each as it arrives, as a stream would. */
function decodeWithSimpay(file: string): string {
  const chunk = new Int16Array(RATE);
  const bytes = new Uint8Array(chunk.buffer);
  const samples = new Float32Array(RATE);
  const detector = new DtmfDetector({ sampleRate: RATE });
  const digits: string[] = [];
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const n = readSync(fd, bytes, 0, bytes.length, null) >> 1;
      if (n === 0) break;
      const found = LITTLE_ENDIAN_HOST
        ? detector.pushPcm16(chunk.subarray(0, n))
        : detector.push(decodePcm16leInto(bytes.subarray(0, 2 * n), samples));
      for (const d of found) digits.push(d.digit);
    }
  } finally {
    closeSync(fd);
  }
  for (const d of detector.flush()) digits.push(d.digit);
  return digits.join('');
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function decodeWithMultimon(file: string): string {
  const args = ['-q', '-n', '-c', '-a', 'DTMF', '-t', 'raw', file];
  const run = spawnSync('multimon-ng', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new CliError(`multimon-ng failed: ${run.stderr.trim()}`);
  return [...run.stdout.matchAll(/^DTMF: (.)$/gm)].map((m) => m[1]).join('');
}

function timeRuns(runs: number, child: boolean, decode: () => string): DecoderRun {
  const times: number[] = [];
  const cpu: number[] = [];
  let digits = '';
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpuStart = cpuSeconds(child);
    digits = decode();
    cpu.push(cpuSeconds(child) - cpuStart);
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return {
    best: times[0] as number,
    median: times[Math.floor(times.length / 2)] as number,
    cpuBest: Math.min(...cpu),
    digits,
  };
}

interface Accuracy {
  readonly decoded: number;
  readonly correct: number;
  readonly missing: number;
  readonly extra: number;
}

/** Digits in common in order (longest common subsequence), by Myers' O((N+M)·D) diff. */
export function commonDigits(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[max + k - 1] as number) < (v[max + k + 1] as number));
      let x = down ? (v[max + k + 1] as number) : (v[max + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a.charCodeAt(x) === b.charCodeAt(y)) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) return (n + m - d) / 2;
    }
  }
  return 0;
}

function accuracy(sent: string, decoded: string): Accuracy {
  const correct = commonDigits(sent, decoded);
  return {
    decoded: decoded.length,
    correct,
    missing: sent.length - correct,
    extra: decoded.length - correct,
  };
}

interface BenchSettings {
  readonly minutes: number;
  readonly seed: number;
  readonly runs: number;
  readonly noiseDbm0: number | undefined;
}

function buildReport(
  { minutes, seed, runs, noiseDbm0 }: BenchSettings,
  sent: string,
  simpay: DecoderRun,
  multimon: DecoderRun,
) {
  const audioSeconds = minutes * 60;
  const decoder = (run: DecoderRun, input: string) => ({
    input,
    bestSeconds: round(run.best),
    medianSeconds: round(run.median),
    cpuBestSeconds: round(run.cpuBest),
    realTimeFactor: Math.round(audioSeconds / run.best),
    ...accuracy(sent, run.digits),
  });
  return {
    audio: {
      minutes,
      sampleRate: RATE,
      digits: sent.length,
      seed,
      traffic: TRAFFIC,
      noiseDbm0: noiseDbm0 ?? null,
    },
    runs,
    simpay: decoder(simpay, `raw 16-bit LE ${RATE} Hz, read in 1 s pieces and decoded in-process`),
    multimonNg: decoder(multimon, `raw 16-bit LE ${MULTIMON_RATE} Hz (sox-resampled beforehand)`),
    speedRatio: round(multimon.best / simpay.best),
    medianSpeedRatio: round(multimon.median / simpay.median),
    cpuSpeedRatio: round(multimon.cpuBest / simpay.cpuBest),
    targetRatio: 3,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function formatReport(r: ReturnType<typeof buildReport>): string {
  const line = (name: string, d: typeof r.simpay) =>
    `${name.padEnd(12)} ${d.bestSeconds.toFixed(3)} s best, ${d.medianSeconds.toFixed(3)} s median, ` +
    `${d.cpuBestSeconds.toFixed(2)} s CPU ` +
    `(${d.realTimeFactor}x real time); ${d.correct}/${r.audio.digits} digits correct, ` +
    `${d.missing} missing, ${d.extra} extra; input ${d.input}`;
  return [
    `DTMF decode benchmark: ${r.audio.minutes} min of ${r.audio.sampleRate} Hz audio, ` +
      `${r.audio.digits} digits (tone ${TRAFFIC.toneMs.join('-')} ms, gap ${TRAFFIC.gapMs.join('-')} ms, ` +
      `${TRAFFIC.levelDbm0.join(' to ')} dBm0, twist ${TRAFFIC.twistDb.join(' to ')} dB, ` +
      `${r.audio.noiseDbm0 === null ? 'silent gaps' : `white noise at ${r.audio.noiseDbm0} dBm0`}), ` +
      `seed ${r.audio.seed}, ${r.runs} run(s)`,
    line('simpay', r.simpay),
    line('multimon-ng', r.multimonNg),
    `speed ratio multimon-ng/simpay: ${r.speedRatio}x best, ${r.medianSpeedRatio}x median, ` +
      `${r.cpuSpeedRatio}x CPU ` +
      `(target >= ${r.targetRatio}x: ${r.speedRatio >= r.targetRatio ? 'met' : 'NOT met'})`,
    '',
  ].join('\n');
}
