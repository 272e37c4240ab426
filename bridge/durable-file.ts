// Durable, atomic file replacement (POSIX): write a temporary file in the same directory, fsync(2)
// it, rename(2) it over the target, then fsync the directory so the new entry itself is on disk.
// A crash leaves either the old file or the new one, plus at most a temporary file to remove.
import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The rename step, replaceable so tests can make it fail. */
export type RenameFile = (from: string, to: string) => Promise<void>;

/** Prefix of the temporary files a save of `path` creates (`.NAME.`), for cleaning leftovers. */
export function temporaryPrefix(path: string): string {
  return `.${basename(path)}.`;
}

/** Makes a rename in `directory` durable; directories that cannot be opened for fsync are skipped. */
export async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    return;
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces `path` with `text` (UTF-8, mode 0600) atomically and durably. On failure the temporary
 * file is removed and the file system error is rethrown unchanged.
 */
export async function writeFileDurably(
  path: string,
  text: string,
  renameFile: RenameFile = rename,
): Promise<void> {
  const temporary = join(dirname(path), `${temporaryPrefix(path)}${randomUUID()}.tmp`);
  try {
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await renameFile(temporary, path);
    await syncDirectory(dirname(path));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
