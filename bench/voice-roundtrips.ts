// `simpay bench voice`: voice-channel round trips on a bad line: payRequest calls from a VoiceClient to
// the IVR through the channel model (A-law, −25 dBm0, twist −6 dB, SNR 15 dB, −1% drift, 1% of 20 ms
// frames lost), seeded, optionally AES-encrypted, counting successes, attempts and retransmissions.
// Also runs alone: node --import tsx bench/voice-roundtrips.ts [--count N] [--seed S] [--mode fsk|dtmf] [--encrypt]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NodeBlockCipherEngine } from '../bridge/crypto/node-block-cipher.ts';
import { intOption, parseOptions, UsageError, type CliIo } from '../cli/command.ts';
import { VoiceChannel, type VoiceChannelOptions } from '../modem/channel/voice-channel.ts';
import { BELL_202 } from '../modem/fsk/fsk-profile.ts';
import { dbm0ToAmplitude } from '../modem/level.ts';
import { createRandom } from '../modem/random.ts';
import { parseCommandTable, type CommandTable } from '../modem/voice/command-table.ts';
import { dtmfModem } from '../modem/voice/dtmf-modem.ts';
import type { PayloadCipher } from '../modem/voice/payload-cipher.ts';
import { aesPayloadCipher } from '../modem/voice/payload-cipher-aes.ts';
import type { Request } from '../modem/voice/request.ts';
import { fskModem, type SymbolModem } from '../modem/voice/symbol-modem.ts';
import { fromHex } from '../protocol/bytes/index.ts';
import { callWithRequest, DEFAULT_CALL_ARQ } from '../server/ivr/voice-loopback.ts';

/** Send level of both modems, per tone, in dBm0. */
const SEND_DBM0 = -10;

/** The line of the published figure: the received level is −25 dBm0 per tone (a 15 dB loss). */
export const BAD_LINE: Omit<VoiceChannelOptions, 'sampleRate'> = {
  codec: 'alaw',
  signalDbm0: SEND_DBM0,
  levelDb: -25 - SEND_DBM0,
  twistDb: -6,
  snrDb: 15,
  driftPercent: -1,
  clipLevel: 1,
  frameLossRate: 0.01,
};

const RATE = 8000;
/** Attempts counted for a call that failed (the client's limit). */
const FAILED_ATTEMPTS = DEFAULT_CALL_ARQ.maxAttempts;
/** The adaptor's AES keys used with `--encrypt` (KIc, KID). */
const BENCH_KEYS = {
  kic: fromHex('404142434445464748494a4b4c4d4e4f'),
  kid: fromHex('505152535455565758595a5b5c5d5e5f'),
};

type Modems = { readonly dtmf: SymbolModem; readonly fsk?: SymbolModem };

/** The two ends of one bench call; ciphers are given for an encrypted call. */
interface CallEnds {
  readonly table: CommandTable;
  readonly client: Modems;
  readonly ivr: Modems;
  readonly ciphers?: { readonly caller: PayloadCipher; readonly ivr: PayloadCipher };
}

function payRequest(i: number): Request {
  return {
    commandId: 10,
    params: {
      1: String(4_400_000_000 + i),
      2: String(4_400_500_000 + ((i * 7919) % 100_000)),
      3: 100 + (i % 9900),
    },
  };
}

/** One call over seeded lines, each end holding its own cipher when encrypting. */
async function placeCall(ends: CallEnds, seed: number, i: number, request: Request) {
  const line = (k: number) =>
    new VoiceChannel({ sampleRate: RATE, ...BAD_LINE }, createRandom(seed * 1_000_003 + 2 * i + k));
  const up = line(0);
  const down = line(1);
  return callWithRequest(
    {
      table: ends.table,
      sampleRate: RATE,
      processRequest: async (r) => ({ responseId: 11, params: { 1: '0', 2: String(r.params[3]) } }),
      client: ends.client,
      ivr: ends.ivr,
      uplink: (s) => up.process(s),
      downlink: (s) => down.process(s),
      ...(ends.ciphers
        ? { cipher: ends.ciphers.caller, ivrCipher: ends.ciphers.ivr, counter: i + 1 }
        : {}),
    },
    request,
  );
}

function callEnds(mode: 'fsk' | 'dtmf', encrypt: boolean): CallEnds {
  const url = new URL('../fixtures/voice/commands.json', import.meta.url);
  const table = parseCommandTable(JSON.parse(readFileSync(url, 'utf8')) as unknown);
  const dtmf = dtmfModem({ sampleRate: RATE, levelDbm0: SEND_DBM0 });
  const amplitude = dbm0ToAmplitude(SEND_DBM0);
  const fsk = fskModem({ sampleRate: RATE, profile: BELL_202, amplitude });
  const engine = new NodeBlockCipherEngine();
  const ciphers = {
    caller: aesPayloadCipher({ engine, keys: BENCH_KEYS, sends: 'request' }),
    ivr: aesPayloadCipher({ engine, keys: BENCH_KEYS, sends: 'response' }),
  };
  const client = mode === 'fsk' ? { dtmf, fsk } : { dtmf };
  return { table, client, ivr: { dtmf, fsk }, ...(encrypt ? { ciphers } : {}) };
}

interface Tally {
  successes: number;
  attempts: number;
  retransmissions: number;
  audioMs: number;
  readonly failures: string[];
}

async function runCalls(ends: CallEnds, count: number, seed: number): Promise<Tally> {
  const tally: Tally = { successes: 0, attempts: 0, retransmissions: 0, audioMs: 0, failures: [] };
  for (let i = 0; i < count; i++) {
    const request = payRequest(i);
    const result = await placeCall(ends, seed, i, request);
    tally.audioMs += result.durationMs;
    if (result.exchange?.response.params[2] === String(request.params[3])) tally.successes++;
    else tally.failures.push(`#${i}: ${result.error?.message ?? 'wrong response'}`);
    tally.attempts += result.exchange?.attempts ?? FAILED_ATTEMPTS;
    tally.retransmissions += result.exchange?.retransmissions ?? FAILED_ATTEMPTS - 1;
  }
  return tally;
}

/** Runs the benchmark with the arguments after `simpay bench voice`. */
export async function runVoiceBench(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    argv,
    {
      count: { type: 'string' },
      seed: { type: 'string' },
      mode: { type: 'string' },
      encrypt: { type: 'boolean' },
    },
    false,
  );
  const count = intOption(values.count, 'count', 1000, 1, 100_000);
  const seed = intOption(values.seed, 'seed', 1, 0, 1_000_000);
  const mode = values.mode ?? 'fsk';
  if (mode !== 'fsk' && mode !== 'dtmf')
    throw new UsageError(`--mode must be fsk or dtmf, got '${mode}'`);
  const encrypt = values.encrypt === true;
  const startedCpu = process.cpuUsage();
  const started = performance.now();
  const tally = await runCalls(callEnds(mode, encrypt), count, seed);
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(startedCpu);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const { successes, attempts, retransmissions, audioMs } = tally;
  const label = `${mode}${encrypt ? ', AES-encrypted' : ''}, seed ${seed}`;
  io.stdout(
    `voice round trips (${label}): ${successes}/${count} succeeded; ` +
      `${attempts} attempts (request transmissions), ${retransmissions} retransmissions; ` +
      `${(audioMs / 1000 / count).toFixed(2)} s of call per round trip; ${cpuSeconds.toFixed(1)} s CPU, ${wallSeconds.toFixed(1)} s wall\n`,
  );
  for (const f of tally.failures.slice(0, 10)) io.stdout(`  failed ${f}\n`);
  const report = { mode, encrypt, seed, count, successes, attempts, retransmissions };
  io.stdout(
    `${JSON.stringify({ ...report, audioSeconds: audioMs / 1000, cpuSeconds, wallSeconds })}\n`,
  );
  return 0;
}

/** Standard output and error for a run outside the `simpay` command. */
function directIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => new Uint8Array(0),
    signal: new AbortController().signal,
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = await runVoiceBench(process.argv.slice(2), directIo());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`voice-roundtrips: ${error.message}\n`);
    process.exitCode = 2;
  }
}
