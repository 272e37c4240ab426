// The CardLink adapter over the virtual SIM: reset gives the ATR, transmit one response each.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';
import { virtualSimLink } from '../../../firmware-sim/virtual-sim/virtual-sim-link.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import { fixtureSim } from './sim-driver.ts';

describe('virtualSimLink', () => {
  it('resets and transmits without following 61xx up', async () => {
    const link: CardLink = virtualSimLink(fixtureSim('test-sim'));
    expect(toHex(await link.reset())).toBe('3b9396801fc78031e00c');
    const select = await link.transmit(
      commandApdu(0x00, 0xa4, 0x00, 0x04, Uint8Array.of(0x3f, 0x00)),
    );
    expect(select.sw.toString(16)).toBe('6122');
    const fcp = await link.transmit(commandApdu(0x00, 0xc0, 0x00, 0x00, undefined, 0x22));
    expect(fcp.data.length).toBe(0x22);
    expect(fcp.sw).toBe(0x9000);
  });
});
