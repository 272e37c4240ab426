// The class decision's inputs: which ATRs cannot come from a UICC (TS 102 221 §6.3.3: the class
// indicator sits in the T=15 global bytes), and the AID of an EF_DIR record (TS 102 221 §13.1).
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { isGsmOnlyAtr, fileClass, toolkitClass } from '../../../firmware-sim/handset/card-mode.ts';
import { aidOf } from '../../../firmware-sim/handset/uicc-start-up.ts';

describe('isGsmOnlyAtr', () => {
  it.each([
    ['2G profile: TD1 = 00, T=0 only', '3b9396008031e0', true],
    ['test-sim: TD2 = 1F, T=15 with class indicator C7', '3b9396801fc78031e00c', false],
    ['a UICC ATR with historical bytes', '3b9f96801fc78031a073be21136743200718000001a5', false],
    ['no interface bytes at all', '3b00', true],
    ['not an ATR: TS 42', '4200', true],
  ])('%s', (_name, hex, gsmOnly) => {
    expect(isGsmOnlyAtr(fromHex(hex))).toBe(gsmOnly);
  });

  it('maps the mode to the class bytes of TS 51.011 §9.2 and TS 102 221 §10.1.1', () => {
    expect([fileClass('gsm'), toolkitClass('gsm')]).toEqual([0xa0, 0xa0]);
    expect([fileClass('uicc'), toolkitClass('uicc')]).toEqual([0x00, 0x80]);
  });
});

describe('aidOf (EF_DIR record)', () => {
  const usim = '61184f10a0000000871002ffffffff890000010050045553494d';
  it('reads tag 4F of the application template, FF padding after it', () => {
    expect(toHex(aidOf(fromHex(`${usim}ffffffff`))!)).toBe('a0000000871002ffffffff8900000100');
  });

  it.each([
    ['a free record', 'ffffffffffff'],
    ['a template without AID', '6106500455534d31ffff'],
    ['a template longer than the record', '611f4f10a000'],
    ['an empty record', ''],
  ])('gives nothing for %s', (_name, hex) => {
    expect(aidOf(fromHex(hex))).toBeUndefined();
  });
});
