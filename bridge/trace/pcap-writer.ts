// Trace files on disk: a pcap writer that appends each GSMTAP SIM record as it happens, a
// TraceSink that writes through it, and a streaming reader. Formats live in protocol/gsmtap.
import { closeSync, createReadStream, fsyncSync, openSync, writeSync } from 'node:fs';
import {
  decodeSimTraceRecord,
  encodePcapHeader,
  encodeSimTraceRecord,
  PcapReader,
  simTracePcapHeader,
  type PcapHeader,
  type PcapLimits,
  type SimTrace,
} from '../../protocol/gsmtap/index.ts';
import {
  maskingTraceSink,
  traceEvent,
  type TraceClock,
  type TraceEntry,
  type TraceEvent,
  type TraceSink,
} from '../../protocol/trace/index.ts';
import { TraceFileError } from './trace-file-error.ts';

/** Wall-clock time in microseconds since the Unix epoch. */
export const wallClock: TraceClock = () =>
  Math.round((performance.timeOrigin + performance.now()) * 1000);

/** Appends SIM trace events to a pcap file; each `write` reaches the file before it returns. */
export class PcapFileWriter {
  private fd: number | undefined;
  private readonly header: PcapHeader = simTracePcapHeader();

  /** Creates (or truncates) `path` and writes the file header. */
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
      writeSync(this.fd, encodePcapHeader(this.header));
    } catch (error) {
      throw TraceFileError.from(error, path, 'write');
    }
  }

  /** Appends one event. */
  write(event: TraceEvent): void {
    if (this.fd === undefined) {
      throw new TraceFileError('TRACE_FILE_CLOSED', this.path, `${this.path} is closed`);
    }
    const record = encodeSimTraceRecord(this.header, event);
    try {
      writeSync(this.fd, record);
    } catch (error) {
      throw TraceFileError.from(error, this.path, 'write');
    }
  }

  /** Flushes to stable storage and closes. Closing twice is allowed. */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** A sink writing to a pcap file, stamped by `clock`. */
export class PcapTraceSink implements TraceSink {
  constructor(
    private readonly writer: PcapFileWriter,
    private readonly clock: TraceClock = wallClock,
  ) {}

  record(entry: TraceEntry): void {
    this.writer.write(traceEvent(entry, this.clock()));
  }
}

/** Options of {@link openPcapTraceSink}. */
export interface PcapTraceSinkOptions {
  readonly clock?: TraceClock;
  /** Mask PINs and authentication results (default true). */
  readonly maskSecrets?: boolean;
}

/** Opens `path` as a pcap trace; the returned sink masks secrets unless told otherwise. */
export function openPcapTraceSink(
  path: string,
  options: PcapTraceSinkOptions = {},
): { readonly sink: TraceSink; close(): void } {
  const writer = new PcapFileWriter(path);
  const fileSink = new PcapTraceSink(writer, options.clock ?? wallClock);
  const sink = options.maskSecrets === false ? fileSink : maskingTraceSink(fileSink);
  return { sink, close: () => writer.close() };
}

/** Reads a pcap file chunk by chunk into its SIM events. Throws DecodeError or TraceFileError. */
export async function readSimTraceFile(path: string, limits?: PcapLimits): Promise<SimTrace> {
  const reader = new PcapReader(limits);
  const events: TraceEvent[] = [];
  let records = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const buffer = chunk as Buffer;
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
      for (const record of reader.push(bytes)) {
        records++;
        const event = decodeSimTraceRecord(reader.header!, record);
        if (event !== undefined) events.push(event);
      }
    }
  } catch (error) {
    if (error instanceof Error && 'syscall' in error)
      throw TraceFileError.from(error, path, 'read');
    throw error;
  }
  reader.finish();
  return { events, skipped: records - events.length };
}
