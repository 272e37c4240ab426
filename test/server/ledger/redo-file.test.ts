// A redo file written in place: records land one after the other, zeros are written ahead of them,
// emptying zeroes the first header and starts again at the beginning, and a record larger than
// the zeros ahead waits for them and still lands whole.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RedoFile } from '../../../server/ledger/redo-file.ts';

const dirs: string[] = [];
const files: RedoFile[] = [];
afterEach(() => {
  for (const f of files.splice(0)) f.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openFile(): { path: string; file: RedoFile } {
  const dir = mkdtempSync(join(tmpdir(), 'simpay-redo-file-'));
  dirs.push(dir);
  const path = join(dir, 'server.db-redo0');
  const file = RedoFile.open(path);
  files.push(file);
  return { path, file };
}

const append = (file: RedoFile, bytes: Uint8Array) =>
  new Promise<void>((resolve, reject) =>
    file.append(bytes, (error) => (error ? reject(error) : resolve())),
  );

const filled = (length: number, byte: number) => Buffer.alloc(length, byte);

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('redo file', () => {
  it('appends records in place and writes zeros ahead of them', async () => {
    const { path, file } = openFile();
    await append(file, filled(100, 1));
    await append(file, filled(50, 2));
    await until(() => statSync(path).size >= 1 << 20);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 100).every((b) => b === 1)).toBe(true);
    expect(bytes.subarray(100, 150).every((b) => b === 2)).toBe(true);
    expect(bytes.subarray(150).every((b) => b === 0)).toBe(true);
  });

  it('empties by zeroing the first header, then writes from the beginning', async () => {
    const { path, file } = openFile();
    await append(file, filled(100, 1));
    file.clear();
    expect(readFileSync(path).subarray(0, 8)).toEqual(Buffer.alloc(8));
    expect(readFileSync(path)[8]).toBe(1);
    await append(file, filled(20, 3));
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 20).every((b) => b === 3)).toBe(true);
    expect(bytes.subarray(20, 100).every((b) => b === 1)).toBe(true);
  });

  it('lands a record larger than the zeros ahead whole, after them', async () => {
    const { path, file } = openFile();
    await append(file, filled(10, 1));
    const large = filled(3 << 20, 4);
    await append(file, large);
    await append(file, filled(10, 5));
    await until(() => statSync(path).size >= (3 << 20) + 20);
    const bytes = readFileSync(path);
    expect(bytes.subarray(10, 10 + large.length).every((b) => b === 4)).toBe(true);
    expect(bytes.subarray(10 + large.length, 20 + large.length).every((b) => b === 5)).toBe(true);
  });

  it('keeps what the file holds when opened again, writing over it from the beginning', async () => {
    const { path, file } = openFile();
    await append(file, filled(100, 1));
    const again = RedoFile.open(path);
    files.push(again);
    await append(again, filled(10, 6));
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 10).every((b) => b === 6)).toBe(true);
    expect(bytes.subarray(10, 100).every((b) => b === 1)).toBe(true);
  });
});
