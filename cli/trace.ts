// `simpay trace`: APDU trace text files to a GSMTAP SIM pcap (Wireshark, tshark), and a listing
// of the ATRs and APDUs in any pcap carrying GSMTAP type SIM.
import { readFile } from 'node:fs/promises';
import { PcapFileWriter, readSimTraceFile } from '../bridge/trace/pcap-writer.ts';
import { TraceFileError } from '../bridge/trace/trace-file-error.ts';
import { DecodeError, toSpacedHex } from '../protocol/bytes/index.ts';
import {
  parseApduTrace,
  statusWordLabel,
  statusWordOf,
  traceEvent,
  type TraceEntry,
  type TraceEvent,
} from '../protocol/trace/index.ts';
import { CliError, UsageError, parseOptions, type CliIo, type Command } from './command.ts';

const DEFAULT_START = '2026-01-01T00:00:00Z';
const STEP_US = 1000;

const help = `Usage: simpay trace --pcap OUT.pcap [--start TIME] IN.trace...
       simpay trace --read FILE.pcap [--json]

Converts APDU trace files (lines '> command TPDU', '< response', 'atr ...', '# comment', as in
fixtures/apdu/) into a pcap of GSMTAP SIM packets (UDP port 4729) that Wireshark and tshark
decode, or lists the ATRs and APDUs found in a pcap.

Options:
  --pcap OUT     write the events of every IN.trace, in order, to OUT ('-' reads standard input)
  --start TIME   time of the first event, ISO 8601 (2026-11-23T13:45:00Z) or seconds since 1970;
                 events follow 1 ms apart (default ${DEFAULT_START})
  --read FILE    list the SIM events in FILE: time, ATR or APDU bytes, status word
  --json         with --read: print {events: [{time, timeUs, kind, hex, sw, status}], skipped}

Examples:
  simpay trace --pcap sms.pcap fixtures/apdu/sms-pp-download.trace
  tshark -r sms.pcap -V
  simpay trace --read sms.pcap
`;

export const traceCommand: Command = {
  name: 'trace',
  summary: 'convert APDU traces to GSMTAP SIM pcap files and list pcap SIM traces',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      pcap: { type: 'string' },
      start: { type: 'string' },
      read: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.pcap !== undefined && values.read !== undefined) {
      throw new UsageError('give either --pcap or --read, not both');
    }
    if (values.read !== undefined) {
      if (positionals.length > 0) throw new UsageError('--read takes no trace files');
      if (values.start !== undefined) throw new UsageError('--start applies to --pcap only');
      return listPcap(values.read, values.json === true, io);
    }
    if (values.pcap === undefined) throw new UsageError('give --pcap OUT.pcap or --read FILE.pcap');
    if (values.json === true) throw new UsageError('--json applies to --read only');
    if (positionals.length === 0) throw new UsageError('give at least one IN.trace file');
    return writePcap(values.pcap, positionals, startTime(values.start), io);
  },
};

async function writePcap(
  out: string,
  inputs: readonly string[],
  startUs: number,
  io: CliIo,
): Promise<number> {
  const entries: TraceEntry[] = [];
  for (const input of inputs) entries.push(...(await loadTrace(input, io)));
  const events = entries.map((e, i) => traceEvent(e, startUs + i * STEP_US));
  const writer = fileStep(() => new PcapFileWriter(out));
  try {
    for (const event of events) fileStep(() => writer.write(event));
  } finally {
    writer.close();
  }
  const atrs = events.filter((e) => e.kind === 'atr').length;
  io.stdout(`${out}: ${events.length} events (${atrs} ATR, ${events.length - atrs} APDU)\n`);
  return 0;
}

async function loadTrace(path: string, io: CliIo): Promise<TraceEntry[]> {
  let text: string;
  try {
    text =
      path === '-' ? new TextDecoder().decode(await io.readStdin()) : await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(TraceFileError.from(error, path, 'read').message);
  }
  try {
    return parseApduTrace(text);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const where = /^line (\d+): (.*)$/.exec(error.message.replace(/^\S+ at offset \d+: /, ''));
    const name = path === '-' ? 'standard input' : path;
    throw new CliError(
      where ? `${name}:${where[1]}: ${where[2]} (${error.code})` : `${name}: ${error.message}`,
    );
  }
}

async function listPcap(path: string, json: boolean, io: CliIo): Promise<number> {
  let trace;
  try {
    trace = await readSimTraceFile(path);
  } catch (error) {
    if (error instanceof TraceFileError) throw new CliError(error.message);
    if (error instanceof DecodeError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
  if (json) {
    io.stdout(
      `${JSON.stringify({ events: trace.events.map(jsonEvent), skipped: trace.skipped }, null, 2)}\n`,
    );
    return 0;
  }
  for (const event of trace.events) io.stdout(`${textLine(event)}\n`);
  if (trace.skipped > 0) io.stdout(`(${trace.skipped} other packets skipped)\n`);
  return 0;
}

function textLine(event: TraceEvent): string {
  const time = isoMicros(event.time);
  if (event.kind === 'atr') return `${time}  ATR   ${toSpacedHex(event.bytes)}`;
  const sw = statusWordOf(event)!;
  const label = statusWordLabel(sw);
  const status = `SW ${swHex(sw)}${label === undefined ? '' : ` ${label}`}`;
  return `${time}  APDU  ${toSpacedHex(event.bytes)}  ${status}`;
}

function jsonEvent(event: TraceEvent): Record<string, unknown> {
  const sw = statusWordOf(event);
  const base = {
    time: isoMicros(event.time),
    timeUs: event.time,
    kind: event.kind,
    hex: toSpacedHex(event.bytes),
  };
  if (sw === undefined) return base;
  return { ...base, sw: swHex(sw), status: statusWordLabel(sw) ?? null };
}

const swHex = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

/** ISO 8601 UTC with microseconds. */
function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().replace('Z', `${String(us % 1000).padStart(3, '0')}Z`);
}

function startTime(value: string | undefined): number {
  const text = value ?? DEFAULT_START;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(ms) || ms < 0 || ms > 4_000_000_000_000) {
    throw new UsageError(`--start must be an ISO 8601 time or seconds since 1970, got '${text}'`);
  }
  return Math.round(ms * 1000);
}

function fileStep<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof TraceFileError) throw new CliError(error.message);
    throw error;
  }
}
