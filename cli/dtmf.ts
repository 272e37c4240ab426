// `simpay dtmf`: DTMF digits to a WAV file or raw PCM (ITU-T Q.23 tones) and back (Q.24 receiver).
import { readFile, writeFile } from 'node:fs/promises';
import { DtmfDetector } from '../modem/dtmf/dtmf-detector.ts';
import { firstInvalidKey } from '../modem/dtmf/keys.ts';
import { generateDtmf } from '../modem/dtmf/tone-generator.ts';
import { decodePcm16le, encodePcm16le } from '../modem/io/pcm.ts';
import { readWav, writeWav, type Audio } from '../modem/io/wav.ts';
import {
  CliError,
  UsageError,
  intOption,
  numberOption,
  parseOptions,
  type CliIo,
  type Command,
} from './command.ts';

const DEFAULT_RATE = 8000;
const DEFAULT_TONE_MS = 50;
const DEFAULT_GAP_MS = 50;
const DEFAULT_LEVEL_DBM0 = -10;
const MAX_DIGITS = 100_000;

const help = `Usage: simpay dtmf encode --digits STR --out FILE.wav [--rate HZ] [--tone-ms MS] [--gap-ms MS] [--level-dbm0 DB] [--twist-db DB]
       simpay dtmf decode FILE.wav|- [--rate HZ] [--json]

encode writes the keys of STR (0-9, A-D, *, #) as ITU-T Q.23 dual tones, each tone followed by
a pause, to a 16-bit PCM mono WAV file; '--out -' writes raw 16-bit little-endian PCM to
standard output instead.
decode prints the digits found by the ITU-T Q.24 receiver on one line. '-' reads raw 16-bit
little-endian PCM from standard input and then needs --rate.

Options:
  --digits STR       keys to send
  --out FILE         WAV file to write, or '-' for raw PCM on standard output
  --rate HZ          sample rate, 4000-192000 (encode default ${DEFAULT_RATE}; decode: from the WAV header)
  --tone-ms MS       tone duration (default ${DEFAULT_TONE_MS}; Q.24 receivers need >= 40)
  --gap-ms MS        pause after each tone (default ${DEFAULT_GAP_MS})
  --level-dbm0 DB    level of each tone in dBm0, -60 to 0 (default ${DEFAULT_LEVEL_DBM0});
                     write negative values with '=': --level-dbm0=-20
  --twist-db DB      high-group level minus low-group level, -20 to 20 (default 0)
  --json             decode: print {sampleRate, digits, events: [{digit, startSample, endSample}]}

Examples:
  simpay dtmf encode --digits '*123#' --out call.wav
  simpay dtmf decode call.wav
  simpay dtmf encode --digits 0123 --out - | simpay dtmf decode - --rate 8000
  sox -n -r 8000 -b 16 -c 1 five.wav synth 0.1 sine 770 sine 1336 channels 1 gain -6 && simpay dtmf decode five.wav
`;

export const dtmfCommand: Command = {
  name: 'dtmf',
  summary: 'write DTMF digits as audio (WAV or raw PCM) and decode them back',
  help,
  async run(argv, io) {
    const [action, ...rest] = argv;
    if (action === 'encode') return encode(rest);
    if (action === 'decode') return decode(rest, io);
    throw new UsageError(
      action === undefined ? 'give encode or decode' : `unknown action '${action}'`,
    );
  },
};

function rateOption(value: string | undefined): number {
  return intOption(value, 'rate', DEFAULT_RATE, 4000, 192000);
}

async function encode(argv: readonly string[]): Promise<number> {
  const { values } = parseOptions(
    argv,
    {
      digits: { type: 'string' },
      out: { type: 'string' },
      rate: { type: 'string' },
      'tone-ms': { type: 'string' },
      'gap-ms': { type: 'string' },
      'level-dbm0': { type: 'string' },
      'twist-db': { type: 'string' },
    },
    false,
  );
  const digits = values.digits;
  if (digits === undefined || digits === '') throw new UsageError('give --digits STR');
  const bad = firstInvalidKey(digits);
  if (bad !== undefined)
    throw new UsageError(`--digits: '${bad}' is not a DTMF key (0-9, A-D, *, #)`);
  if (digits.length > MAX_DIGITS) throw new UsageError(`--digits: at most ${MAX_DIGITS} keys`);
  if (values.out === undefined) throw new UsageError('give --out FILE.wav or --out -');
  const sampleRate = rateOption(values.rate);
  const samples = generateDtmf(digits, {
    sampleRate,
    toneMs: numberOption(values['tone-ms'], 'tone-ms', DEFAULT_TONE_MS, 1, 10_000),
    gapMs: numberOption(values['gap-ms'], 'gap-ms', DEFAULT_GAP_MS, 0, 10_000),
    levelDbm0: numberOption(values['level-dbm0'], 'level-dbm0', DEFAULT_LEVEL_DBM0, -60, 0),
    twistDb: numberOption(values['twist-db'], 'twist-db', 0, -20, 20),
  });
  if (values.out === '-') {
    await writeStdoutBytes(encodePcm16le(samples));
    return 0;
  }
  const bytes = await writeWav({ sampleRate, samples });
  await writeFile(values.out, bytes).catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`cannot write ${values.out}: ${e.code ?? e.message}`);
  });
  return 0;
}

async function decode(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    rate: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new UsageError('give one FILE.wav, or - for raw PCM on stdin');
  const audio = await loadAudio(positionals[0] as string, values.rate, io);
  const detector = new DtmfDetector({ sampleRate: audio.sampleRate });
  const events = [...detector.push(audio.samples), ...detector.flush()];
  const digits = events.map((e) => e.digit).join('');
  if (values.json === true)
    io.stdout(`${JSON.stringify({ sampleRate: audio.sampleRate, digits, events })}\n`);
  else io.stdout(`${digits}\n`);
  return 0;
}

async function loadAudio(source: string, rate: string | undefined, io: CliIo): Promise<Audio> {
  if (source === '-') {
    if (rate === undefined) throw new UsageError('raw PCM on stdin needs --rate HZ');
    const sampleRate = rateOption(rate);
    return { sampleRate, samples: decodePcm16le(await io.readStdin()) };
  }
  const bytes = await readFile(source).catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${source}: ${e.code ?? e.message}`);
  });
  const audio = await readWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  if (rate !== undefined && rateOption(rate) !== audio.sampleRate)
    throw new UsageError(`--rate ${rate} does not match the WAV header (${audio.sampleRate} Hz)`);
  if (audio.sampleRate < 4000 || audio.sampleRate > 192000)
    throw new CliError(`${source}: sample rate ${audio.sampleRate} Hz is outside 4000-192000 Hz`);
  return audio;
}

/** Raw bytes to standard output (the text-only CliIo cannot carry them). */
function writeStdoutBytes(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}
