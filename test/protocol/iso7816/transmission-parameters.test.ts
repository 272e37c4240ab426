// ISO/IEC 7816-3 §7.1 tables 7 and 8 (Fi, Di) and §10.2 the T=0 work waiting time.
import { describe, expect, it } from 'vitest';
import {
  clocksPerEtu,
  rateFactors,
  workWaitingTime,
} from '../../../protocol/iso7816/transmission-parameters.ts';

describe('Fi and Di (tables 7 and 8)', () => {
  it.each([
    [0x11, 372, 5, 1, 372],
    [0x01, 372, 4, 1, 372],
    [0x96, 512, 5, 32, 16],
    [0x95, 512, 5, 16, 32],
    [0x94, 512, 5, 8, 64],
    [0x18, 372, 5, 12, 31],
    [0xd9, 2048, 20, 20, 102.4],
    [0x67, 1860, 20, 64, 29.0625],
  ])('FI||DI %s: Fi %s, f(max) %s MHz, Di %s, %s clocks per etu', (byte, fi, fMax, di, clocks) => {
    const f = rateFactors(byte)!;
    expect([f.fi, f.fMaxMhz, f.di]).toEqual([fi, fMax, di]);
    expect(clocksPerEtu(f)).toBe(clocks);
  });

  it('marks RFU values', () => {
    for (const byte of [0x71, 0x81, 0xe1, 0xf1, 0x10, 0x1a, 0x1f]) {
      expect(rateFactors(byte)).toBeUndefined();
    }
  });
});

describe('work waiting time (§10.2)', () => {
  it('is 9600 etu before TC2 and PPS', () => {
    expect(workWaitingTime()).toEqual({
      etu: 9600,
      halfEtu: 4800,
      clockCycles: 3_571_200,
      halfClockCycles: 1_785_600,
    });
  });

  it('scales with WI and D, in etu; with WI and F, in clock cycles', () => {
    const wt = workWaitingTime(20, rateFactors(0x96)!);
    expect(wt.etu).toBe(20 * 960 * 32);
    expect(wt.clockCycles).toBe(20 * 960 * 512);
    expect(wt.clockCycles).toBe(wt.etu * clocksPerEtu(rateFactors(0x96)!));
  });

  it('refuses WI outside 1..255', () => {
    expect(() => workWaitingTime(0)).toThrow(RangeError);
    expect(() => workWaitingTime(256)).toThrow(RangeError);
  });
});
