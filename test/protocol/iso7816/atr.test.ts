// ISO/IEC 7816-3 §8 Answer-to-Reset: real and composed ATRs, TCK (§8.2.5), the 33-byte limit,
// the inverse convention (§8.1) and the incremental reader.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  atrExtraGuardTime,
  atrLength,
  atrNeedsTck,
  atrProtocols,
  atrRateFactors,
  atrWaitingIntegerWi,
  decodeAtr,
  encodeAtr,
  inverseConventionByte,
  type Atr,
} from '../../../protocol/iso7816/atr.ts';
import { AtrAccumulator } from '../../../protocol/iso7816/atr-accumulator.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

// Every example below was checked: XOR of T0..TCK is 00 where TCK is required.
const examples = [
  {
    what: 'sysmoUSIM-SJS1 (pySim autodetect, pcsc_scan): TA1 96, TD1 T=0, TD2 T=15, TA3 C7, TCK A5',
    hex: '3b9f96801fc78031a073be21136743200718000001a5',
    protocols: [0],
    groups: 3,
    historical: 15,
    fi: 512,
    di: 32,
    wi: 10,
  },
  {
    what: 'Grcard / OpenCells USIM (pySim): TA1 95, TCK A8',
    hex: '3b9f95801fc38031e073fe211357868102869844 18a8',
    protocols: [0],
    groups: 3,
    historical: 15,
    fi: 512,
    di: 16,
    wi: 10,
  },
  {
    what: 'composed: only T=0, two historical bytes, no interface bytes, no TCK',
    hex: '3b021450',
    protocols: [0],
    groups: 0,
    historical: 2,
    fi: 372,
    di: 1,
    wi: 10,
  },
  {
    what: 'composed: TC1 N=2, TD1 T=0, TC2 WI=20, no TCK (T=0 only)',
    hex: '3b c0 02 40 14',
    protocols: [0],
    groups: 2,
    historical: 0,
    fi: 372,
    di: 1,
    wi: 20,
  },
  {
    what: 'composed: T=1 only, TCK = 80 xor 01 = 81',
    hex: '3b800181',
    protocols: [1],
    groups: 1,
    historical: 0,
    fi: 372,
    di: 1,
    wi: 10,
  },
  {
    what: 'composed: TA1 13 (Fi 372, Di 4), T=0 and T=1 offered, TCK',
    hex: '3b 91 13 80 01 41 42',
    protocols: [0, 1],
    groups: 2,
    historical: 1,
    fi: 372,
    di: 4,
    wi: 10,
  },
] as const;

describe('decodeAtr (ISO/IEC 7816-3 §8.2)', () => {
  it.each(examples)('$what', (e) => {
    const bytes = fromHex(e.hex);
    const atr = decodeAtr(bytes);
    expect(atr.convention).toBe('direct');
    expect(atrProtocols(atr)).toEqual(e.protocols);
    expect(atr.groups.length).toBe(e.groups);
    expect(atr.historical.length).toBe(e.historical);
    expect(atrRateFactors(atr)?.fi).toBe(e.fi);
    expect(atrRateFactors(atr)?.di).toBe(e.di);
    expect(atrWaitingIntegerWi(atr)).toBe(e.wi);
    expect(toHex(encodeAtr(atr))).toBe(toHex(bytes));
    expect(atrLength(bytes)).toBe(bytes.length);
    expectEveryTruncationRejected(bytes, decodeAtr);
  });

  it('reads the SJS1 interface bytes and historical bytes', () => {
    const atr = decodeAtr(fromHex(examples[0].hex));
    expect(atr.groups).toEqual([{ ta: 0x96, t: 0 }, { t: 15 }, { ta: 0xc7 }]);
    expect(toHex(atr.historical)).toBe('8031a073be21136743200718000001');
    expect(atrNeedsTck(atr)).toBe(true);
    expect(atrExtraGuardTime(decodeAtr(fromHex('3bc0024014')))).toBe(2);
    // TC2 is the T=0 work waiting integer only when TD1 announces T=0 (§10.2).
    expect(atrWaitingIntegerWi(decodeAtr(fromHex('3b804114d5')))).toBe(10);
  });

  it('rejects an ATR whose TCK does not check (a widely quoted one ends in 31, its XOR is A2)', () => {
    const bad = fromHex('3b9f96801fc78031e073fe211b633a204e8300900031');
    expect(() => decodeAtr(bad)).toThrow(expect.objectContaining({ code: 'ATR_BAD_TCK' }));
  });

  it('rejects TCK when only T=0 is indicated, a bad TS and more than 33 bytes', () => {
    expect(() => decodeAtr(fromHex('3b02145044'))).toThrow(
      expect.objectContaining({ code: 'ATR_TRAILING_BYTES' }),
    );
    expect(() => decodeAtr(fromHex('3a021450'))).toThrow(
      expect.objectContaining({ code: 'ATR_BAD_TS' }),
    );
    expect(() => decodeAtr(new Uint8Array(34).fill(0x3b))).toThrow(
      expect.objectContaining({ code: 'ATR_TOO_LONG' }),
    );
  });

  it('accepts an ATR of exactly 33 bytes', () => {
    const groups = [
      { ta: 0x11, tb: 0, tc: 0, t: 0 },
      { ta: 0x80, tb: 0, tc: 10, t: 1 },
      { ta: 0xfe, tb: 0x45, tc: 0, t: 1 },
      { ta: 0x01, tb: 0x02, tc: 0x03 },
    ];
    const atr: Atr = { convention: 'direct', groups, historical: new Uint8Array(15).fill(0x41) };
    const bytes = encodeAtr(atr);
    expect(bytes.length).toBe(33);
    expect(decodeAtr(bytes)).toEqual(atr);
    expect(() =>
      encodeAtr({ ...atr, historical: new Uint8Array(15).fill(0x41).subarray(1) }),
    ).not.toThrow();
    expect(() =>
      encodeAtr({
        ...atr,
        groups: [...groups.slice(0, 3), { ta: 1, tb: 1, tc: 1, t: 0 }, { tc: 1 }],
      }),
    ).toThrow(RangeError);
    expect(() => encodeAtr({ ...atr, groups: [{ tc: 1 }, { tc: 1 }] })).toThrow(RangeError);
  });

  it('fuzzes with random bytes: only DecodeError', () => {
    fuzzDecoder(decodeAtr, { maxLength: 40, seed: 7816 });
    fuzzDecoder((b) => atrLength(b), { maxLength: 40, seed: 78163 });
  });

  it('round-trips generated ATRs', () => {
    const group = fc.record(
      {
        ta: fc.integer({ min: 0, max: 255 }),
        tb: fc.integer({ min: 0, max: 255 }),
        tc: fc.integer({ min: 0, max: 255 }),
      },
      { requiredKeys: [] },
    );
    const arbitrary = fc
      .record({
        groups: fc.array(fc.tuple(group, fc.integer({ min: 0, max: 15 })), { maxLength: 4 }),
        historical: fc.uint8Array({ maxLength: 15 }),
        convention: fc.constantFrom('direct' as const, 'inverse' as const),
      })
      .map(({ groups, historical, convention }) => ({
        convention,
        historical,
        groups: groups.map(([g, t], i) => (i < groups.length - 1 ? { ...g, t } : g)),
      }))
      .filter((atr) => atr.groups.length === 0 || Object.keys(atr.groups.at(-1)!).length > 0);
    fc.assert(
      fc.property(arbitrary, (atr: Atr) => {
        let bytes: Uint8Array;
        try {
          bytes = encodeAtr(atr);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          return;
        }
        expect(decodeAtr(bytes)).toEqual(atr);
        expect(atrLength(bytes)).toBe(bytes.length);
      }),
      { numRuns: 500, seed: 33 },
    );
  });
});

describe('inverse convention (§8.1)', () => {
  it('maps 03 to 3F and is its own inverse', () => {
    expect(inverseConventionByte(0x03)).toBe(0x3f);
    expect(inverseConventionByte(0x3f)).toBe(0x03);
    for (let b = 0; b < 256; b++) expect(inverseConventionByte(inverseConventionByte(b))).toBe(b);
  });
});

describe('AtrAccumulator', () => {
  const sjs1 = fromHex(examples[0].hex);

  it('completes only on the last byte, byte by byte', () => {
    const acc = new AtrAccumulator();
    for (let i = 0; i < sjs1.length - 1; i++)
      expect(acc.push(sjs1.subarray(i, i + 1))).toBeUndefined();
    const done = acc.push(sjs1.subarray(sjs1.length - 1));
    expect(toHex(done!.bytes)).toBe(toHex(sjs1));
    expect(() => acc.push(Uint8Array.of(0))).toThrow(DecodeError);
  });

  it('completes in every two-chunk split and returns the bytes that follow', () => {
    const line = Uint8Array.from([...sjs1, 0xff, 0x10]);
    for (let cut = 0; cut <= line.length; cut++) {
      const acc = new AtrAccumulator();
      const first = acc.push(line.subarray(0, cut));
      const done = first ?? acc.push(line.subarray(cut));
      expect(toHex(done!.bytes)).toBe(toHex(sjs1));
      const expectedRest = first
        ? line.subarray(sjs1.length, cut)
        : line.subarray(Math.max(cut, sjs1.length));
      expect(toHex(done!.rest)).toBe(toHex(expectedRest));
    }
  });

  it('reads an inverse-convention card sampled in the direct convention', () => {
    const atr: Atr = {
      convention: 'inverse',
      groups: [{ ta: 0x11, t: 1 }],
      historical: fromHex('4142'),
    };
    const characters = encodeAtr(atr);
    const line = characters.map(inverseConventionByte);
    expect(line[0]).toBe(0x03);
    const acc = new AtrAccumulator();
    const done = acc.push(line);
    expect(acc.inverse).toBe(true);
    expect(done?.atr).toEqual(atr);
  });

  it('rejects a bad first byte and endless input', () => {
    expect(() => new AtrAccumulator().push(Uint8Array.of(0x00))).toThrow(DecodeError);
    expect(() => new AtrAccumulator().push(fromHex('3bf0' + 'ff'.repeat(40)))).toThrow(DecodeError);
  });
});
