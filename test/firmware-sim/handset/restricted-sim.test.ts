// AT+CRSM (TS 27.007 §8.18) in the card's own command set: class 00 on a UICC with DF_GSM's files
// found in the USIM application, class A0 on a GSM SIM.
import { describe, expect, it } from 'vitest';
import { pathIn, RestrictedCommand } from '../../../firmware-sim/handset/restricted-sim.ts';
import { toHex } from '../../../protocol/bytes/index.ts';
import { fixtureSim } from '../virtual-sim/sim-driver.ts';
import { commands, handsetOn, idle } from './real-sim-support.ts';

const EF_IMSI = 0x6f07;
const readImsi = {
  command: RestrictedCommand.readBinary,
  fileId: EF_IMSI,
  p1: 0,
  p2: 0,
  p3: 9,
  data: new Uint8Array(0),
};

describe('restricted SIM access', () => {
  it('finds DF_GSM files in the USIM application on a UICC', () => {
    expect(pathIn('uicc', EF_IMSI)).toEqual([0x3f00, 0x7fff, EF_IMSI]);
    expect(pathIn('gsm', EF_IMSI)).toEqual([0x3f00, 0x7f20, EF_IMSI]);
    expect(pathIn('uicc', 0x6f3c)).toEqual([0x3f00, 0x7f10, 0x6f3c]);
  });

  it('reads EF_IMSI from a UICC with class 00 commands only', async () => {
    const h = handsetOn(fixtureSim('test-sim'), { pin: '1234' });
    await h.client.start().settled();
    expect(h.client.context.mode).toBe('uicc');
    await idle(h);
    const before = commands(h).length;
    const result = await h.client.request({ kind: 'restrictedSim', access: readImsi });
    expect(result).toMatchObject({ ok: true });
    const response = (result as { response: { sw: number; data: Uint8Array } }).response;
    expect(response.sw).toBe(0x9000);
    expect(toHex(response.data)).toMatch(/^08/);
    const sent = commands(h).slice(before);
    expect(sent).toContain('00a40804047fff6f07');
    expect(sent).toContain('00b0000009');
    expect(sent.every((c) => c.startsWith('00') || c.startsWith('80'))).toBe(true);
  });

  it('reads EF_IMSI from a GSM SIM with class A0 through DF_GSM', async () => {
    const h = handsetOn(fixtureSim('sim-2g'));
    await h.client.start().settled();
    expect(h.client.context.mode).toBe('gsm');
    await idle(h);
    const before = commands(h).length;
    const result = await h.client.request({ kind: 'restrictedSim', access: readImsi });
    expect(result).toMatchObject({ ok: true });
    const sent = commands(h).slice(before);
    expect(sent.some((c) => c === 'a0a40000027f20')).toBe(true);
    expect(sent.every((c) => c.startsWith('a0'))).toBe(true);
  });
});
