// The adaptor state file: initial settings while it is missing, one-line errors for damaged
// content, mode 0600, saves that are on disk when they resolve, and a save stopped between the
// temporary write and the rename (a power loss) that leaves the previous state readable.
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AdaptorStoreError,
  fileAdaptorStorage,
  readAdaptorSettings,
} from '../../../bridge/adaptor-store/index.ts';
import { parseAdaptorSettings } from '../../../firmware-sim/adaptor/settings-json.ts';
import type { AdaptorSettings } from '../../../firmware-sim/adaptor/settings.ts';

const fixture = new URL('../../../fixtures/adaptor/test-adaptor.json', import.meta.url);
let initial: AdaptorSettings;
let dir: string;
beforeEach(async () => {
  initial = parseAdaptorSettings(JSON.parse(await readFile(fixture, 'utf8')));
  dir = await mkdtemp(join(tmpdir(), 'simpay-adaptor-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(run: () => Promise<unknown>): Promise<AdaptorStoreError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AdaptorStoreError) return error;
    throw error;
  }
  throw new Error('expected an AdaptorStoreError');
}

const onDisk = async (path: string): Promise<unknown> => JSON.parse(await readFile(path, 'utf8'));

describe('adaptor state file', () => {
  it('starts from the initial settings while the file is missing', async () => {
    const path = join(dir, 'state.json');
    const storage = fileAdaptorStorage(path, { initial });
    expect(await storage.load()).toEqual(initial);
    expect(await readdir(dir)).toEqual([]);
    expect(await readAdaptorSettings(path)).toBeUndefined();
  });

  it('saves with mode 0600 and reads back what was saved', async () => {
    const path = join(dir, 'state.json');
    const storage = fileAdaptorStorage(path, { initial });
    const next = { ...initial, uplinkCounter: 7, downlinkCounter: 3 };
    await storage.save(next);
    expect(await onDisk(path)).toEqual(next);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await fileAdaptorStorage(path, { initial }).load()).toEqual(next);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('keeps saves in order when they overlap', async () => {
    const path = join(dir, 'state.json');
    const storage = fileAdaptorStorage(path, { initial });
    const saves = [1, 2, 3, 4, 5].map((n) => storage.save({ ...initial, uplinkCounter: n }));
    await Promise.all(saves);
    expect(await onDisk(path)).toMatchObject({ uplinkCounter: 5 });
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('reports invalid JSON, a wrong field and an oversized file in one line each', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, '{ "serverNumber": ');
    const bad = await failure(() => fileAdaptorStorage(path, { initial }).load());
    expect(bad.code).toBe('ADAPTOR_STATE_BAD_JSON');
    expect(bad.message).toMatch(/state\.json: not valid JSON \(.+\)$/);
    await writeFile(path, JSON.stringify({ ...initial, keys: { kic: 'zz', kid: 'zz' } }));
    const wrong = await failure(() => readAdaptorSettings(path));
    expect(wrong.code).toBe('ADAPTOR_STATE_INVALID');
    expect(wrong.message).toBe(`${path}: keys.kic must be an AES key in hex`);
    await writeFile(path, ' '.repeat(70_000));
    const big = await failure(() => readAdaptorSettings(path));
    expect(big.code).toBe('ADAPTOR_STATE_INVALID');
    for (const e of [bad, wrong, big]) expect(e.message).not.toContain('\n');
  });

  it('reports a save it cannot make and leaves no temporary file', async () => {
    const path = join(dir, 'missing-dir', 'state.json');
    const error = await failure(() => fileAdaptorStorage(path, { initial }).save(initial));
    expect(error.code).toBe('ADAPTOR_STATE_IO');
    expect(error.message).toMatch(/^cannot write .*state\.json: /);
    const refused = fileAdaptorStorage(join(dir, 'state.json'), {
      initial,
      fileOps: { rename: () => Promise.reject(new Error('EIO: disk gone')) },
    });
    await expect(refused.save(initial)).rejects.toThrow(/EIO: disk gone/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the previous state when power is lost between the temporary write and the rename', async () => {
    const path = join(dir, 'state.json');
    await fileAdaptorStorage(path, { initial }).save({ ...initial, uplinkCounter: 41 });
    let reachedRename = (): void => undefined;
    const atRename = new Promise<void>((resolve) => (reachedRename = resolve));
    const crashing = fileAdaptorStorage(path, {
      initial,
      fileOps: {
        rename: () => {
          reachedRename();
          return new Promise<void>(() => undefined);
        },
      },
    });
    let resolved = false;
    void crashing.save({ ...initial, uplinkCounter: 42 }).then(() => (resolved = true));
    await atRename;
    expect(resolved).toBe(false);
    const names = await readdir(dir);
    expect(names).toHaveLength(2);
    const leftover = names.find((name) => name.endsWith('.tmp'))!;
    expect(await onDisk(join(dir, leftover))).toMatchObject({ uplinkCounter: 42 });
    expect(await onDisk(path)).toMatchObject({ uplinkCounter: 41 });
    const restarted = fileAdaptorStorage(path, { initial });
    expect(await restarted.load()).toMatchObject({ uplinkCounter: 41 });
    expect(await readdir(dir)).toEqual(['state.json']);
    await restarted.save({ ...initial, uplinkCounter: 42 });
    expect(await onDisk(path)).toMatchObject({ uplinkCounter: 42 });
  });
});
