// `simpay voice`: a voice-channel request as audio. `encode` writes a framed request as DTMF or FSK,
// `channel` passes a recording through the telephone channel model, `decode` recovers the request.
import { readFile, writeFile } from 'node:fs/promises';
import { DecodeError } from '../protocol/bytes/index.ts';
import { encodeFrame } from '../modem/framing/frame.ts';
import { BELL_202 } from '../modem/fsk/fsk-profile.ts';
import { encodeKeypadRequest, decodeKeypadRequest } from '../modem/keypad/keypad-codec.ts';
import { parseCommandTable, type CommandTable } from '../modem/voice/command-table.ts';
import { dtmfModem } from '../modem/voice/dtmf-modem.ts';
import { openPayload, sealPayload } from '../modem/voice/payload-codec.ts';
import { requestFromJson, requestToJson } from '../modem/voice/request-json.ts';
import { fskModem } from '../modem/voice/symbol-modem.ts';
import { VoiceReceiver } from '../modem/voice/voice-receiver.ts';
import { readWav, writeWav } from '../modem/io/wav.ts';
import { VoiceChannel } from '../modem/channel/voice-channel.ts';
import { createRandom } from '../modem/random.ts';
import { dbm0ToAmplitude } from '../modem/level.ts';
import {
  CliError,
  UsageError,
  intOption,
  numberOption,
  parseOptions,
  type Command,
  type CliIo,
} from './command.ts';

/** Level of the encoded audio, per tone, in dBm0. */
const SEND_DBM0 = -10;

const help = `Usage: simpay voice encode --request JSON --out FILE.wav [--mode dtmf|fsk] [--rate HZ] [--table FILE]
       simpay voice channel IN.wav --out OUT.wav [--codec none|mulaw|alaw] [--level-dbm0 DB]
             [--twist-db DB] [--snr-db DB] [--drift-percent P] [--loss-percent P] [--seed N]
       simpay voice decode FILE.wav [--json] [--table FILE]

A voice-channel request is keypad-encoded (docs/voice-protocol.md), put in a CRC frame and sent
as DTMF (ITU-T Q.23) or Bell 202 FSK. 'encode' writes one request frame to a 16-bit WAV file;
'channel' applies the telephone channel model; 'decode' prints the first valid request it hears.

Options:
  --request JSON   {"command":"payRequest","params":{"sourceAccountNumber":"123",...}}
                   or {"commandId":10,"params":{"1":"123",...}}
  --mode M         dtmf (default) or fsk
  --rate HZ        sample rate of the written file (default 8000)
  --table FILE     command table (default fixtures/voice/commands.json)
  --json           print the request as JSON
  Negative numbers are written with '=': --twist-db=-6.
  --level-dbm0 DB  received level per tone (files are written at -10 dBm0; default -10)

Examples:
  simpay voice encode --request '{"command":"balance","params":{"accountNumber":"12345"}}' --out req.wav
  simpay voice channel req.wav --out line.wav --codec alaw --level-dbm0=-25 --snr-db 20 --seed 1
  simpay voice decode line.wav --json
`;

async function loadTable(path: string | undefined): Promise<CommandTable> {
  const url = path ?? new URL('../fixtures/voice/commands.json', import.meta.url);
  let text: string;
  try {
    text = await readFile(url, 'utf8');
  } catch {
    throw new CliError(`cannot read command table ${String(url)}`);
  }
  try {
    return parseCommandTable(JSON.parse(text) as unknown);
  } catch (error) {
    throw new CliError(
      `bad command table: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError('--request is not valid JSON');
  }
}

async function encode(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    request: { type: 'string' },
    out: { type: 'string' },
    mode: { type: 'string' },
    rate: { type: 'string' },
    table: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (!values.request) throw new UsageError('--request JSON is required');
  if (!values.out) throw new UsageError('--out FILE.wav is required');
  const mode = values.mode ?? 'dtmf';
  if (mode !== 'dtmf' && mode !== 'fsk')
    throw new UsageError(`--mode must be dtmf or fsk, got '${mode}'`);
  const rate = intOption(values.rate, 'rate', 8000, 8000, 48000);
  const table = await loadTable(values.table);
  const request = requestFromJson(table, parseJson(values.request));
  const payload = await sealPayload(encodeKeypadRequest(table, request));
  const symbols = encodeFrame({ kind: 'data', seq: 0, payload });
  const modem =
    mode === 'fsk'
      ? fskModem({ sampleRate: rate, profile: BELL_202, amplitude: dbm0ToAmplitude(SEND_DBM0) })
      : dtmfModem({ sampleRate: rate });
  await writeFile(
    values.out,
    await writeWav({ samples: modem.modulate(symbols), sampleRate: rate }),
  );
  return 0;
}

async function decode(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    json: { type: 'boolean' },
    table: { type: 'string' },
  });
  const [file, extra] = positionals;
  if (file === undefined) throw new UsageError('FILE.wav is required');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  const table = await loadTable(values.table);
  const { samples, sampleRate } = await readAudio(file);
  const receiver = new VoiceReceiver(
    [
      dtmfModem({ sampleRate }),
      fskModem({ sampleRate, profile: BELL_202, amplitude: dbm0ToAmplitude(SEND_DBM0) }),
    ],
    sampleRate,
  );
  const block = Math.round(sampleRate / 50);
  let damaged = 0;
  const padded = new Float32Array(samples.length + sampleRate);
  padded.set(samples);
  for (let at = 0; at < padded.length; at += block) {
    for (const heard of receiver.push(padded.subarray(at, at + block))) {
      if (heard.parsed.kind === 'damaged') damaged++;
      else if (heard.parsed.frame.kind === 'data') {
        const { keypad } = await openPayload(heard.parsed.frame.payload);
        const request = decodeKeypadRequest(table, keypad);
        const json = {
          mode: heard.mode,
          seq: heard.parsed.frame.seq,
          keypad,
          ...requestToJson(table, request),
        };
        io.stdout(values.json ? `${JSON.stringify(json)}\n` : `${describe(json)}\n`);
        return 0;
      }
    }
  }
  throw new CliError(`no valid request frame in ${file} (${damaged} damaged frame(s))`);
}

async function channel(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    out: { type: 'string' },
    codec: { type: 'string' },
    'level-dbm0': { type: 'string' },
    'twist-db': { type: 'string' },
    'snr-db': { type: 'string' },
    'drift-percent': { type: 'string' },
    'loss-percent': { type: 'string' },
    seed: { type: 'string' },
  });
  const [file, extra] = positionals;
  if (file === undefined) throw new UsageError('IN.wav is required');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  if (!values.out) throw new UsageError('--out OUT.wav is required');
  const codec = values.codec ?? 'none';
  if (codec !== 'none' && codec !== 'mulaw' && codec !== 'alaw')
    throw new UsageError(`--codec must be none, mulaw or alaw, got '${codec}'`);
  const { samples, sampleRate } = await readAudio(file);
  const line = new VoiceChannel(
    {
      sampleRate,
      codec,
      signalDbm0: SEND_DBM0,
      levelDb: numberOption(values['level-dbm0'], 'level-dbm0', SEND_DBM0, -60, 3) - SEND_DBM0,
      twistDb: numberOption(values['twist-db'], 'twist-db', 0, -20, 20),
      snrDb: numberOption(values['snr-db'], 'snr-db', Infinity, -10, 100),
      driftPercent: numberOption(values['drift-percent'], 'drift-percent', 0, -10, 10),
      clipLevel: 1,
      frameLossRate: numberOption(values['loss-percent'], 'loss-percent', 0, 0, 100) / 100,
    },
    createRandom(intOption(values.seed, 'seed', 1, 0, 2 ** 32 - 1)),
  );
  await writeFile(values.out, await writeWav({ samples: line.process(samples), sampleRate }));
  return 0;
}

async function readAudio(file: string) {
  try {
    const bytes = await readFile(file);
    return await readWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new CliError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function describe(json: ReturnType<typeof requestToJson> & { mode: string; seq: number }): string {
  const params = Object.entries(json.params).map(([k, v]) => `${k}=${v}`);
  return `${json.command ?? json.commandId} ${params.join(' ')} (${json.mode}, seq ${json.seq})`;
}

export const voiceCommand: Command = {
  name: 'voice',
  summary: 'encode, pass through a telephone channel, and decode voice-channel requests as audio',
  help,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'encode') return encode(rest);
    if (sub === 'decode') return decode(rest, io);
    if (sub === 'channel') return channel(rest);
    throw new UsageError(
      sub === undefined
        ? 'a subcommand is required: encode, channel or decode'
        : `unknown subcommand '${sub}'`,
    );
  },
};
