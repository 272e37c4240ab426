// The card's ATR decodes with the ISO/IEC 7816-3 §8 codec and offers T=0 (the only protocol a
// SIMtrace2 card emulator and most handsets use).
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import { atrProtocols, atrRateFactors, decodeAtr } from '../../../protocol/iso7816/atr.ts';
import { profileAtr } from '../../../firmware-sim/virtual-sim/atr.ts';
import { fixtureProfile } from './sim-driver.ts';

describe('virtual SIM ATR', () => {
  it('UICC: 3B 93 96 80 1F C7 80 31 E0 0C, T=0 with the T=15 class byte C7 and TCK', () => {
    const atr = profileAtr(fixtureProfile('test-sim'));
    expect(toHex(atr)).toBe('3b9396801fc78031e00c');
    const decoded = decodeAtr(atr);
    expect(atrProtocols(decoded)).toEqual([0]);
    expect(decoded.groups[2]?.ta).toBe(0xc7);
    expect(atrRateFactors(decoded)).toMatchObject({ fi: 512, di: 32 });
  });

  it('2G SIM: 3B 93 96 00 80 31 E0, as in fixtures/apdu/handset-start-up.trace', () => {
    const atr = profileAtr(fixtureProfile('sim-2g'));
    expect(toHex(atr)).toBe('3b9396008031e0');
    expect(atrProtocols(decodeAtr(atr))).toEqual([0]);
  });

  it('uses the profile ATR when one is given', () => {
    expect(toHex(profileAtr({ ...fixtureProfile('sim-2g'), atr: '3b00' }))).toBe('3b00');
  });
});
