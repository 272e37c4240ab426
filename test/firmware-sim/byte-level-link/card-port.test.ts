// The in-process port to the byte-level virtual SIM: the ATR on reset, answers read back whole,
// silence when nothing is left, and the handset started over it with the PPS agreed.
import { describe, expect, it } from 'vitest';
import { ByteLevelLink } from '../../../firmware-sim/byte-level-link/byte-level-link.ts';
import { cardBytePort } from '../../../firmware-sim/byte-level-link/card-port.ts';
import { byteLevelCard } from '../../../firmware-sim/virtual-sim/byte-level-card.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { fixtureSim } from '../virtual-sim/sim-driver.ts';
import { handsetOn } from '../handset/real-sim-support.ts';

describe('cardBytePort', () => {
  it('reads the ATR after reset, then silence', async () => {
    const port = cardBytePort(byteLevelCard(fixtureSim('sim-2g')));
    await port.reset();
    expect(toHex(await port.read())).toBe('3b9396008031e0');
    expect(await port.read()).toHaveLength(0);
  });

  it('hands back the PPS echo and the T=0 procedure byte', async () => {
    const port = cardBytePort(byteLevelCard(fixtureSim('test-sim')));
    await port.reset();
    await port.read();
    await port.write(fromHex('ff109679'));
    expect(toHex(await port.read())).toBe('ff109679');
    await port.write(fromHex('00a4000402'));
    expect(toHex(await port.read())).toBe('a4');
  });

  it('runs the handset start-up in UICC mode at the rate TA1 offers', async () => {
    const port = cardBytePort(byteLevelCard(fixtureSim('test-sim')));
    const h = handsetOn(new ByteLevelLink(port), { pin: '1234' });
    expect(await h.client.start().settled()).toBe('READY');
    expect(h.client.context.mode).toBe('uicc');
    expect(port.rates).toEqual([0x96]);
  });
});
