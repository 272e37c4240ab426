// Durable renames (POSIX rename(2) + fsync(2) of the directory): after a file is renamed into
// place, the directory entry itself reaches the disk only when its directory is synced.
import { open } from 'node:fs/promises';

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
