// The virtual card's answers to vpcd: ATR without reset on every poll, reset on power-on and
// RESET, no reply to controls other than GET ATR, R-APDU for every command.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { ViccSession } from '../../../bridge/vpcd/vicc-session.ts';
import { createVirtualSim } from '../../../firmware-sim/virtual-sim/index.ts';
import { loadProfile } from '../../../bridge/profile-store/profile-store.ts';

const profilePath = new URL('../../../fixtures/sim-profiles/test-sim.json', import.meta.url)
  .pathname;

describe('ViccSession', () => {
  it('answers GET ATR, keeps the card state across ATR polls, resets on RESET', async () => {
    const sim = createVirtualSim(await loadProfile(profilePath));
    const session = new ViccSession(sim);
    const atr = await session.answer({ kind: 'control', control: 'atr' });
    expect(toHex(atr!)).toBe(toHex(sim.reset()));
    expect(await session.answer({ kind: 'control', control: 'power-on' })).toBeUndefined();
    const select = await session.answer({ kind: 'apdu', bytes: fromHex('a0a40000023f00') });
    expect(select!.length).toBeGreaterThanOrEqual(2);
    const selectedBefore = JSON.stringify(sim.state.volatile);
    await session.answer({ kind: 'control', control: 'atr' });
    expect(JSON.stringify(sim.state.volatile)).toBe(selectedBefore);
    expect(await session.answer({ kind: 'control', control: 'reset' })).toBeUndefined();
    expect(await session.answer({ kind: 'control', control: 'power-off' })).toBeUndefined();
    expect(session.counters).toEqual({
      atrRequests: 2,
      powerOn: 1,
      powerOff: 1,
      resets: 1,
      apdus: 1,
    });
  });

  it('answers a malformed command with 6700', async () => {
    const session = new ViccSession(createVirtualSim(await loadProfile(profilePath)));
    expect(toHex((await session.answer({ kind: 'apdu', bytes: fromHex('00a40004023f') }))!)).toBe(
      '6700',
    );
  });
});
