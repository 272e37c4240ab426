// Profiles on disk: one-line errors for a missing file, bad JSON and a wrong field; snapshots
// saved atomically and read back into a card that remembers.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProfile, saveProfile } from '../../../bridge/profile-store/profile-store.ts';
import { ProfileStoreError } from '../../../bridge/profile-store/profile-store-error.ts';
import { createVirtualSim } from '../../../firmware-sim/virtual-sim/virtual-sim.ts';
import { fixtureProfile, pinHex, send } from '../../firmware-sim/virtual-sim/sim-driver.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simpay-profile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(run: () => Promise<unknown>): Promise<ProfileStoreError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ProfileStoreError) return error;
    throw error;
  }
  throw new Error('expected a ProfileStoreError');
}

describe('profile store', () => {
  it('loads the fixture profile', async () => {
    const profile = await loadProfile('fixtures/sim-profiles/test-sim.json');
    expect(profile.iccid).toBe('89001010000000000034');
  });

  it('reports a missing file, invalid JSON and a wrong field in one line each', async () => {
    const missing = await failure(() => loadProfile(join(dir, 'none.json')));
    expect(missing.code).toBe('PROFILE_NOT_FOUND');
    expect(missing.message).toBe(`${join(dir, 'none.json')}: no such file`);
    await writeFile(join(dir, 'bad.json'), '{ "format": ');
    const bad = await failure(() => loadProfile(join(dir, 'bad.json')));
    expect(bad.code).toBe('PROFILE_BAD_JSON');
    expect(bad.message).toMatch(/bad\.json: not valid JSON \(.+\)$/);
    await writeFile(
      join(dir, 'wrong.json'),
      JSON.stringify({ ...fixtureProfile('test-sim'), ki: 'zz' }),
    );
    const wrong = await failure(() => loadProfile(join(dir, 'wrong.json')));
    expect(wrong.code).toBe('PROFILE_INVALID');
    expect(wrong.message).toBe(
      `${join(dir, 'wrong.json')}: profile field 'ki': expected hex of 16 bytes`,
    );
    for (const e of [missing, bad, wrong]) expect(e.message).not.toContain('\n');
  });

  it('saves a snapshot atomically and a card restored from it remembers', async () => {
    const path = join(dir, 'card.json');
    const sim = createVirtualSim(fixtureProfile('test-sim'));
    sim.reset();
    send(sim, `0020000108${pinHex('0000')}`);
    send(sim, '00a4080c047f106f43');
    await saveProfile(path, sim.snapshot());
    await saveProfile(path, sim.snapshot());
    expect(await readdir(dir)).toEqual(['card.json']);
    const restored = createVirtualSim(await loadProfile(path));
    restored.reset();
    expect(send(restored, '0020000100')).toBe('63c2');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(sim.snapshot());
  });

  it('refuses to save an invalid profile and leaves the old file in place', async () => {
    const path = join(dir, 'card.json');
    await saveProfile(path, fixtureProfile('sim-2g'));
    const before = await readFile(path, 'utf8');
    const error = await failure(() =>
      saveProfile(path, { ...fixtureProfile('sim-2g'), imsi: '1' }),
    );
    expect(error.code).toBe('PROFILE_INVALID');
    expect(await readFile(path, 'utf8')).toBe(before);
    const io = await failure(() =>
      saveProfile(join(dir, 'no-such-dir', 'card.json'), fixtureProfile('sim-2g')),
    );
    expect(io.code).toBe('PROFILE_IO');
    expect(await readdir(dir)).toEqual(['card.json']);
  });
});
