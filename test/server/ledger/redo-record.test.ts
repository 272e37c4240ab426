// The redo log's record codec: every value kind better-sqlite3 binds survives a round trip; a
// record cut at any offset, with a damaged byte, or numbered below the one before it (left from an
// earlier pass over the file) ends the file without losing the ones before it.
import { describe, expect, it } from 'vitest';
import {
  decodeRedoFile,
  RedoRecordBuilder,
  RedoValueError,
} from '../../../server/ledger/redo-record.ts';

const INSERT = 'INSERT INTO t (a, b, c) VALUES (?, ?, ?)';
const NAMED = 'UPDATE t SET a = @a WHERE b = @b';

function twoRecords(): { first: Buffer; second: Buffer } {
  const builder = new RedoRecordBuilder();
  builder.capture(INSERT, [1.5, -(2n ** 63n), 'é €😀']);
  builder.capture(INSERT, [null, Buffer.from([0, 1, 255]), '']);
  builder.capture(NAMED, [{ a: 7, b: 'x' }]);
  const first = builder.seal(41n);
  builder.capture(NAMED, [{ a: null, b: 2n ** 63n - 1n }]);
  const second = builder.seal(42n);
  return { first, second };
}

describe('redo records', () => {
  it('round-trips numbers, 64-bit integers, text, blobs, null and named values', () => {
    const { first, second } = twoRecords();
    const records = decodeRedoFile(Buffer.concat([first, second]));
    expect(records.map((r) => r.seq)).toEqual([41n, 42n]);
    expect(records[0]?.statements).toEqual([
      { sql: INSERT, values: [1.5, -(2n ** 63n), 'é €😀'] },
      { sql: INSERT, values: [null, Buffer.from([0, 1, 255]), ''] },
      { sql: NAMED, values: [{ a: 7, b: 'x' }] },
    ]);
    expect(records[1]?.statements).toEqual([
      { sql: NAMED, values: [{ a: null, b: 2n ** 63n - 1n }] },
    ]);
  });

  it('round-trips text of every length around the short-text path, ASCII or not, past the first buffer', () => {
    const builder = new RedoRecordBuilder();
    const texts = [
      'a'.repeat(63) + 'é',
      'a'.repeat(64),
      'a'.repeat(65),
      'abc€',
      '😀'.repeat(40),
      'x'.repeat(70_000),
    ];
    for (const text of texts) builder.capture(INSERT, [text, 2n ** 40n, -0.25]);
    const [record] = decodeRedoFile(builder.seal(1n));
    expect(record?.statements.map((s) => s.values)).toEqual(
      texts.map((text) => [text, 2n ** 40n, -0.25]),
    );
  });

  it('keeps db.exec text in its place among the statements', () => {
    const builder = new RedoRecordBuilder();
    builder.captureExec('CREATE TABLE u (x); CREATE INDEX u_x ON u (x)');
    builder.capture(INSERT, [1, 2, 3]);
    builder.captureExec('DROP INDEX u_x');
    const [record] = decodeRedoFile(builder.seal(1n));
    expect(record?.statements).toEqual([
      { sql: 'CREATE TABLE u (x); CREATE INDEX u_x ON u (x)', values: [], exec: true },
      { sql: INSERT, values: [1, 2, 3] },
      { sql: 'DROP INDEX u_x', values: [], exec: true },
    ]);
  });

  it('keeps the records before one cut short at any offset', () => {
    const { first, second } = twoRecords();
    const whole = Buffer.concat([first, second]);
    for (let end = first.length; end < whole.length; end++)
      expect(decodeRedoFile(whole.subarray(0, end)).map((r) => r.seq)).toEqual([41n]);
    for (let end = 0; end < first.length; end++)
      expect(decodeRedoFile(whole.subarray(0, end))).toEqual([]);
  });

  it('stops at a record whose CRC-32 does not match', () => {
    const { first, second } = twoRecords();
    for (const at of [first.length + 9, first.length + second.length - 1]) {
      const damaged = Buffer.concat([first, second]);
      damaged[at] = (damaged[at] as number) ^ 0x40;
      expect(decodeRedoFile(damaged).map((r) => r.seq)).toEqual([41n]);
    }
  });

  it('ends the file at zeros, and at what an earlier pass left behind a record', () => {
    const { first, second } = twoRecords();
    expect(decodeRedoFile(Buffer.concat([first, Buffer.alloc(64)])).map((r) => r.seq)).toEqual([
      41n,
    ]);
    const builder = new RedoRecordBuilder();
    builder.capture(INSERT, [1, 2, 3]);
    const older = builder.seal(7n);
    const rewritten = Buffer.concat([first, second, older, second]);
    expect(decodeRedoFile(rewritten).map((r) => r.seq)).toEqual([41n, 42n]);
    builder.capture(INSERT, [1, 2, 3]);
    const gap = Buffer.concat([first, builder.seal(44n)]);
    expect(decodeRedoFile(gap).map((r) => r.seq)).toEqual([41n, 44n]);
  });

  it('drops what a rolled-back transaction captured, definitions included', () => {
    const builder = new RedoRecordBuilder();
    builder.capture(INSERT, [1, 2, 3]);
    const mark = builder.mark();
    builder.capture(NAMED, [{ a: 1, b: 'y' }]);
    expect(builder.movedSince(mark)).toBe(true);
    builder.rewind(mark);
    expect(builder.movedSince(mark)).toBe(false);
    builder.capture(NAMED, [{ a: 2, b: 'z' }]);
    const [record] = decodeRedoFile(builder.seal(1n));
    expect(record?.statements).toEqual([
      { sql: INSERT, values: [1, 2, 3] },
      { sql: NAMED, values: [{ a: 2, b: 'z' }] },
    ]);
  });

  it('refuses a value it cannot keep and records nothing of that statement', () => {
    const builder = new RedoRecordBuilder();
    expect(() => builder.capture(INSERT, [1, true, 3])).toThrow(RedoValueError);
    expect(builder.empty).toBe(true);
  });
});
