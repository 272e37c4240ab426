// Records of the SQLite server database's redo log (redo-log.ts): the write statements one flush
// made durable, each as its SQL text and bound values, so that replaying the records in order on
// the database as it was at the previous SQLite commit reproduces every acknowledged write.
//
// On disk a record is
//   u32 LE  length of the body
//   u32 LE  CRC-32 (ISO-HDLC, zlib's) of the body
//   body:   u64 LE sequence number, then entries up to the end:
//           0x01 u16 LE index, u32 LE length, UTF-8 SQL text   defines a statement for this record
//           0x02 u16 LE index, u8 count, values                 runs statement `index` with values
//           0x03 u32 LE length, UTF-8 SQL text                  runs SQL text as it is (db.exec:
//                                                               schema changes, no values)
// and each value is a tag byte and its bytes:
//   0x00 null | 0x01 f64 LE number | 0x02 i64 LE bigint | 0x03 u32 LE length + UTF-8 string |
//   0x04 u32 LE length + bytes (blob) | 0x05 u16 LE count + (string key, value)* (named values)
// A record that is cut short or fails its CRC ends the file (the write that a crash interrupted),
// and so does a record numbered no higher than the one before it: the file is written again from
// its beginning once emptied (redo-file.ts), and that is what an earlier pass left behind.
import { crc32 } from 'node:zlib';

/** Values better-sqlite3 binds: what a captured statement may carry. */
export type RedoValue =
  null | number | bigint | string | Uint8Array | { [name: string]: RedoValue };

/** One statement of a record, with its values in binding order. */
export interface RedoStatement {
  readonly sql: string;
  readonly values: readonly RedoValue[];
  /** True for SQL text run with db.exec (possibly several statements, never values). */
  readonly exec?: true;
}

/** One decoded record. */
export interface RedoRecord {
  readonly seq: bigint;
  readonly statements: readonly RedoStatement[];
}

const HEADER_BYTES = 8;
const SEQ_BYTES = 8;
const DEFINE = 0x01;
const RUN = 0x02;
const EXEC = 0x03;
const enum Tag {
  null = 0x00,
  number = 0x01,
  bigint = 0x02,
  string = 0x03,
  blob = 0x04,
  named = 0x05,
}

/** Texts up to this many UTF-16 units are written by {@link RedoRecordBuilder}'s own loop. */
const SHORT_TEXT = 64;

const viewOf = (buf: Buffer) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);

/** Most statements one record defines (the index is a u16). */
export const MAX_STATEMENTS_PER_RECORD = 0xffff;

/** Thrown when a value cannot be recorded (better-sqlite3 would not bind it either). */
export class RedoValueError extends Error {
  override readonly name = 'RedoValueError';
}

/**
 * Builds the next record in memory while statements run. `mark`/`rewind` drop the statements of
 * a transaction that rolled back; `seal` closes the record and starts the next.
 */
export class RedoRecordBuilder {
  private buf = Buffer.allocUnsafe(1 << 16);
  /** Numbers go through a DataView: Buffer's writeBigInt64LE splits a bigint with bigint arithmetic. */
  private view = viewOf(this.buf);
  private at = HEADER_BYTES + SEQ_BYTES;
  private readonly defined = new Map<string, number>();
  private readonly order: string[] = [];

  /** True when no statement was captured since the last seal. */
  get empty(): boolean {
    return this.at === HEADER_BYTES + SEQ_BYTES;
  }

  /** Bytes captured since the last seal. */
  get size(): number {
    return this.at;
  }

  /** Appends one statement run. Throws {@link RedoValueError} (recording nothing) for a value it cannot keep. */
  capture(sql: string, values: readonly unknown[]): void {
    const start = this.at;
    const defines = this.order.length;
    try {
      let index = this.defined.get(sql);
      if (index === undefined) {
        index = this.order.length;
        if (index >= MAX_STATEMENTS_PER_RECORD)
          throw new RedoValueError('too many statements in one record');
        this.byte(DEFINE);
        this.u16(index);
        this.lengthAndText(sql);
        this.defined.set(sql, index);
        this.order.push(sql);
      }
      if (values.length > 255) throw new RedoValueError('more than 255 values in one statement');
      this.byte(RUN);
      this.u16(index);
      this.byte(values.length);
      for (const v of values) this.value(v);
    } catch (error) {
      this.rewind({ at: start, defines });
      throw error;
    }
  }

  /** Appends SQL text run with db.exec. */
  captureExec(sql: string): void {
    this.byte(EXEC);
    this.lengthAndText(sql);
  }

  /** Where the record stands now, for {@link rewind}. */
  mark(): { at: number; defines: number } {
    return { at: this.at, defines: this.order.length };
  }

  /** True when something was captured after `mark`. */
  movedSince(mark: { at: number; defines: number }): boolean {
    return this.at !== mark.at;
  }

  /** Forgets what was captured after `mark`. */
  rewind(mark: { at: number; defines: number }): void {
    this.at = mark.at;
    while (this.order.length > mark.defines) this.defined.delete(this.order.pop() as string);
  }

  /** Closes the record as number `seq`, returns a copy of its bytes on disk, and starts an empty one. */
  seal(seq: bigint): Buffer {
    const record = this.buf;
    record.writeBigUInt64LE(seq, HEADER_BYTES);
    record.writeUInt32LE(this.at - HEADER_BYTES, 0);
    record.writeUInt32LE(crc32(record.subarray(HEADER_BYTES, this.at)), 4);
    const bytes = Buffer.from(record.subarray(0, this.at));
    this.at = HEADER_BYTES + SEQ_BYTES;
    this.defined.clear();
    this.order.length = 0;
    return bytes;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
    this.view = viewOf(grown);
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  private u16(n: number): void {
    this.room(2);
    this.buf.writeUInt16LE(n, this.at);
    this.at += 2;
  }

  private lengthAndText(text: string): void {
    this.room(4 + text.length * 3);
    const written =
      text.length <= SHORT_TEXT
        ? this.shortText(text, this.at + 4)
        : this.buf.write(text, this.at + 4, 'utf8');
    this.view.setUint32(this.at, written, true);
    this.at += 4 + written;
  }

  /**
   * Writes a short text at `at` and returns its length in bytes: ASCII byte by byte (most values
   * are ids, numbers and codes, and a call into Buffer.write costs more than the loop), anything
   * else through Buffer.write.
   */
  private shortText(text: string, at: number): number {
    const buf = this.buf;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return buf.write(text, at, 'utf8');
      buf[at + i] = c;
    }
    return text.length;
  }

  private value(v: unknown): void {
    if (v === null || v === undefined) return this.byte(Tag.null);
    switch (typeof v) {
      case 'number':
        this.room(9);
        this.buf[this.at] = Tag.number;
        this.view.setFloat64(this.at + 1, v, true);
        this.at += 9;
        return;
      case 'bigint':
        // Captured after SQLite bound it, so it fits a signed 64-bit integer (setBigInt64 would wrap).
        this.room(9);
        this.buf[this.at] = Tag.bigint;
        this.view.setBigInt64(this.at + 1, v, true);
        this.at += 9;
        return;
      case 'string':
        this.byte(Tag.string);
        return this.lengthAndText(v);
      case 'object':
        if (v instanceof Uint8Array) return this.blob(v);
        return this.named(v as Record<string, unknown>);
      default:
        throw new RedoValueError(`cannot record a ${typeof v} value`);
    }
  }

  private blob(v: Uint8Array): void {
    this.room(5 + v.length);
    this.buf[this.at] = Tag.blob;
    this.buf.writeUInt32LE(v.length, this.at + 1);
    this.buf.set(v, this.at + 5);
    this.at += 5 + v.length;
  }

  private named(v: Record<string, unknown>): void {
    const keys = Object.keys(v);
    if (keys.length > 0xffff) throw new RedoValueError('too many named values');
    this.byte(Tag.named);
    this.u16(keys.length);
    for (const key of keys) {
      this.lengthAndText(key);
      this.value(v[key]);
    }
  }
}

/** Reads the records of one redo file up to its end or its first damaged record. */
export function decodeRedoFile(bytes: Uint8Array): RedoRecord[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: RedoRecord[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= buf.length) {
    const length = buf.readUInt32LE(at);
    const end = at + HEADER_BYTES + length;
    if (length < SEQ_BYTES || end > buf.length) break;
    const body = buf.subarray(at + HEADER_BYTES, end);
    if (crc32(body) !== buf.readUInt32LE(at + 4)) break;
    const last = records[records.length - 1];
    if (last && body.readBigUInt64LE(0) <= last.seq) break;
    records.push(decodeBody(body));
    at = end;
  }
  return records;
}

function decodeBody(body: Buffer): RedoRecord {
  const r = new Reader(body);
  const seq = r.u64();
  const sqls: string[] = [];
  const statements: RedoStatement[] = [];
  while (!r.done()) {
    const kind = r.byte();
    if (kind === EXEC) {
      statements.push({ sql: r.text(), values: [], exec: true });
      continue;
    }
    const index = r.u16();
    if (kind === DEFINE) sqls[index] = r.text();
    else if (kind === RUN) {
      const sql = sqls[index];
      if (sql === undefined)
        throw new Error(`redo record ${seq}: statement ${index} is not defined`);
      const count = r.byte();
      const values: RedoValue[] = [];
      for (let i = 0; i < count; i++) values.push(r.value());
      statements.push({ sql, values });
    } else throw new Error(`redo record ${seq}: unknown entry 0x${kind.toString(16)}`);
  }
  return { seq, statements };
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  done(): boolean {
    return this.at >= this.buf.length;
  }

  byte(): number {
    this.need(1);
    return this.buf[this.at++] as number;
  }

  u16(): number {
    this.need(2);
    const n = this.buf.readUInt16LE(this.at);
    this.at += 2;
    return n;
  }

  u64(): bigint {
    this.need(8);
    const n = this.buf.readBigUInt64LE(this.at);
    this.at += 8;
    return n;
  }

  text(): string {
    this.need(4);
    const length = this.buf.readUInt32LE(this.at);
    this.need(4 + length);
    const text = this.buf.toString('utf8', this.at + 4, this.at + 4 + length);
    this.at += 4 + length;
    return text;
  }

  value(): RedoValue {
    const tag = this.byte();
    switch (tag) {
      case Tag.null:
        return null;
      case Tag.number: {
        this.need(8);
        const n = this.buf.readDoubleLE(this.at);
        this.at += 8;
        return n;
      }
      case Tag.bigint: {
        this.need(8);
        const n = this.buf.readBigInt64LE(this.at);
        this.at += 8;
        return n;
      }
      case Tag.string:
        return this.text();
      case Tag.blob: {
        this.need(4);
        const length = this.buf.readUInt32LE(this.at);
        this.need(4 + length);
        const blob = Buffer.from(this.buf.subarray(this.at + 4, this.at + 4 + length));
        this.at += 4 + length;
        return blob;
      }
      case Tag.named: {
        const count = this.u16();
        const named: { [name: string]: RedoValue } = {};
        for (let i = 0; i < count; i++) {
          const key = this.text();
          named[key] = this.value();
        }
        return named;
      }
      default:
        throw new Error(`unknown value tag 0x${tag.toString(16)}`);
    }
  }

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new Error('redo record ends inside an entry');
  }
}
