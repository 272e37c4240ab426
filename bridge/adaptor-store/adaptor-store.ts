// The adaptor's persistent memory (AdaptorStorage) as a JSON file: read back field by field, and
// saved atomically and durably (temporary file in the same directory, fsync, rename, fsync of the
// directory) before the promise resolves, because the adaptor commits a TS 102 225 counter before
// the secured SMS that uses it leaves. Mode 0600: the file holds the channel keys.
import { readFile, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DecodeError } from '../../protocol/bytes/index.ts';
import { parseAdaptorSettings } from '../../firmware-sim/adaptor/settings-json.ts';
import type { AdaptorSettings, AdaptorStorage } from '../../firmware-sim/adaptor/settings.ts';
import { AdaptorStoreError } from './adaptor-store-error.ts';
import { temporaryPrefix, writeFileDurably } from '../durable-file.ts';

/** Largest state file accepted, in bytes (real settings are well under 1 kB). */
export const ADAPTOR_STATE_MAX_BYTES = 64 * 1024;

/** File operations the store uses that tests may replace (to stop a save half-way). */
export interface StoreFileOps {
  rename(from: string, to: string): Promise<void>;
}

/** Options of a file-backed store. */
export interface FileStorageOptions {
  /** Settings the adaptor starts from while the file does not exist yet. */
  readonly initial: AdaptorSettings;
  readonly fileOps?: StoreFileOps;
}

/**
 * Reads and checks a settings file; undefined when it does not exist. Throws AdaptorStoreError
 * with a one-line message for unreadable, malformed or wrong content.
 */
export async function readAdaptorSettings(path: string): Promise<AdaptorSettings | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ENOENT') return undefined;
    throw AdaptorStoreError.fromFs(error, path, 'read');
  }
  if (text.length > ADAPTOR_STATE_MAX_BYTES) {
    const why = `${path}: larger than ${ADAPTOR_STATE_MAX_BYTES} bytes`;
    throw new AdaptorStoreError('ADAPTOR_STATE_INVALID', path, why);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const why = `${path}: not valid JSON (${reason})`;
    throw new AdaptorStoreError('ADAPTOR_STATE_BAD_JSON', path, why, { cause: error });
  }
  try {
    return parseAdaptorSettings(json);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const why = `${path}: ${error.message.replace(/^\S+ at offset \d+: /, '')}`;
    throw new AdaptorStoreError('ADAPTOR_STATE_INVALID', path, why, { cause: error });
  }
}

/** An AdaptorStorage kept in the JSON file at `path`. Saves run one after another. */
export function fileAdaptorStorage(path: string, options: FileStorageOptions): AdaptorStorage {
  const ops: StoreFileOps = options.fileOps ?? { rename };
  let queue: Promise<void> = Promise.resolve();
  return {
    async load() {
      await removeLeftovers(path);
      return (await readAdaptorSettings(path)) ?? options.initial;
    },
    save(settings) {
      const next = queue.then(() => writeAtomically(path, settings, ops));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

async function writeAtomically(
  path: string,
  settings: AdaptorSettings,
  ops: StoreFileOps,
): Promise<void> {
  try {
    await writeFileDurably(path, `${JSON.stringify(settings, null, 2)}\n`, ops.rename);
  } catch (error) {
    throw AdaptorStoreError.fromFs(error, path, 'write');
  }
}

/** Temporary files a save interrupted by a crash left behind; the state file itself is intact. */
async function removeLeftovers(path: string): Promise<void> {
  const prefix = temporaryPrefix(path);
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  const stale = names.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'));
  await Promise.all(stale.map((name) => rm(join(dirname(path), name), { force: true })));
}
