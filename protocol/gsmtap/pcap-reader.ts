// Incremental reader of classic pcap streams (draft-ietf-opsawg-pcap §4-§5): push chunks as they
// arrive, get complete records back; incomplete input waits, malformed input throws DecodeError.
import { DecodeError } from '../bytes/index.ts';
import {
  PCAP_DEFAULT_SNAPLEN,
  PCAP_FILE_HEADER_BYTES,
  PCAP_RECORD_HEADER_BYTES,
  decodePcapHeader,
  decodePcapRecordHeader,
  type PcapHeader,
  type PcapRecord,
} from './pcap.ts';

/** Limits of the reader. A record above `maxRecordBytes` (or the file's snap length) is rejected. */
export interface PcapLimits {
  readonly maxRecordBytes: number;
}

export const DEFAULT_PCAP_LIMITS: PcapLimits = { maxRecordBytes: PCAP_DEFAULT_SNAPLEN };

/** A whole pcap file: its header and records. */
export interface PcapFile {
  readonly header: PcapHeader;
  readonly records: readonly PcapRecord[];
}

/** Streaming pcap decoder. Buffers at most one record plus one chunk. */
export class PcapReader {
  private buffer = new Uint8Array(0);
  private start = 0;
  private end = 0;
  /** Stream offset of `buffer[start]`, for error offsets. */
  private consumed = 0;
  private fileHeader: PcapHeader | undefined;

  constructor(private readonly limits: PcapLimits = DEFAULT_PCAP_LIMITS) {}

  /** The file header, once its 24 bytes have arrived. */
  get header(): PcapHeader | undefined {
    return this.fileHeader;
  }

  /** Number of bytes pushed but not yet part of a returned record or the header. */
  get pending(): number {
    return this.end - this.start;
  }

  /** Appends `chunk` and returns every record it completes (possibly none). */
  push(chunk: Uint8Array): PcapRecord[] {
    this.append(chunk);
    const out: PcapRecord[] = [];
    if (this.fileHeader === undefined) {
      if (this.pending < PCAP_FILE_HEADER_BYTES) return out;
      const bytes = this.buffer.subarray(this.start, this.start + PCAP_FILE_HEADER_BYTES);
      this.fileHeader = decodePcapHeader(bytes, this.consumed);
      this.advance(PCAP_FILE_HEADER_BYTES);
    }
    for (;;) {
      const record = this.nextRecord(this.fileHeader);
      if (record === undefined) return out;
      out.push(record);
    }
  }

  /** Declares the end of the stream: throws PCAP_TRUNCATED when a header or record is incomplete. */
  finish(): void {
    if (this.fileHeader === undefined || this.pending > 0) {
      throw new DecodeError(
        'PCAP_TRUNCATED',
        this.consumed + this.pending,
        this.fileHeader === undefined
          ? 'the file header is incomplete'
          : 'the last record is incomplete',
      );
    }
  }

  private nextRecord(h: PcapHeader): PcapRecord | undefined {
    if (this.pending < PCAP_RECORD_HEADER_BYTES) return undefined;
    const head = this.buffer.subarray(this.start, this.start + PCAP_RECORD_HEADER_BYTES);
    const r = decodePcapRecordHeader(h, head, this.limits.maxRecordBytes, this.consumed);
    const total = PCAP_RECORD_HEADER_BYTES + r.capturedLength;
    if (this.pending < total) return undefined;
    const dataStart = this.start + PCAP_RECORD_HEADER_BYTES;
    const data = this.buffer.slice(dataStart, dataStart + r.capturedLength);
    this.advance(total);
    return { seconds: r.seconds, fraction: r.fraction, originalLength: r.originalLength, data };
  }

  private advance(length: number): void {
    this.start += length;
    this.consumed += length;
  }

  private append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buffer.length) {
      const live = this.end - this.start;
      const needed = live + chunk.length;
      const next =
        needed > this.buffer.length
          ? new Uint8Array(Math.max(needed, this.buffer.length * 2, 4096))
          : this.buffer;
      // TypedArray.set copies through a clone when source and target share a buffer.
      next.set(this.buffer.subarray(this.start, this.end), 0);
      this.buffer = next;
      this.start = 0;
      this.end = live;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }
}

/** Decodes a whole pcap file held in memory. */
export function decodePcap(bytes: Uint8Array, limits: PcapLimits = DEFAULT_PCAP_LIMITS): PcapFile {
  const reader = new PcapReader(limits);
  const records = reader.push(bytes);
  reader.finish();
  const header = reader.header;
  if (header === undefined) throw new DecodeError('PCAP_TRUNCATED', 0, 'no file header');
  return { header, records };
}
