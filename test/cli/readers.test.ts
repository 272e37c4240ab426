// `simpay readers`: the readers of a real pcscd with the virtual SIM in vpcd's first slot, as
// text and JSON, and one line saying what to start when pcscd is not running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex, toSpacedHex } from '../../protocol/bytes/index.ts';
import { createVirtualSim } from '../../firmware-sim/virtual-sim/index.ts';
import { loadProfile } from '../../bridge/profile-store/profile-store.ts';
import { startVpcdClient, type VpcdClient } from '../../bridge/vpcd/vpcd-client.ts';
import { runCli } from '../support/run-cli.ts';
import { pcscdSkipReason, startPcscd, waitForCard, type Pcscd } from '../support/pcscd.ts';

const fixture = new URL('../../fixtures/sim-profiles/test-sim.json', import.meta.url).pathname;
const skip = pcscdSkipReason();

describe('simpay readers (arguments)', () => {
  it('prints help and refuses bad options', async () => {
    expect((await runCli(['readers', '--help'])).stdout).toMatch(/^Usage: simpay readers/);
    const bad = await runCli(['readers', '--wait', '5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--wait must be between 100 and 30000/);
  });
});

describe.skipIf(skip !== undefined)(`simpay readers with pcscd${skip ? ` (${skip})` : ''}`, () => {
  let pcscd: Pcscd;
  let client: VpcdClient;
  let atr: Uint8Array;
  beforeAll(async () => {
    pcscd = await startPcscd();
    const sim = createVirtualSim(await loadProfile(fixture));
    atr = sim.reset();
    client = startVpcdClient({ card: sim });
    await client.waitConnected(5000);
    await waitForCard('Virtual PCD 00 00', true);
  }, 250_000);
  afterAll(async () => {
    await client?.stop();
    await pcscd?.stop();
  });

  it('lists both vpcd slots, the card and its ATR', async () => {
    const text = await runCli(['readers']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Virtual PCD 00 00  card   ${toSpacedHex(atr)}`);
    expect(text.stdout).toMatch(/Virtual PCD 00 01 {2}empty\n/);
    const json = await runCli(['readers', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'Virtual PCD 00 00', card: true, atr: toHex(atr), mute: false, inUse: false },
      { name: 'Virtual PCD 00 01', card: false, atr: null, mute: false, inUse: false },
    ]);
  });

  it('says in one line to start pcscd when it is not running', async () => {
    await pcscd.kill();
    try {
      const r = await runCli(['readers']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^simpay readers: PC\/SC unavailable: start pcscd .*\n$/);
    } finally {
      await pcscd.restart();
    }
  });
});
