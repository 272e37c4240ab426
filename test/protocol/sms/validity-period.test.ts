// TS 23.040 §9.2.3.12 TP-VP: relative, absolute and enhanced formats.
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  VPF,
  readValidityPeriod,
  relativeValidityFromMinutes,
  relativeValidityMinutes,
  validityPeriodFormat,
  writeValidityPeriod,
  type ValidityPeriod,
} from '../../../protocol/sms/validity-period.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const decoder = (vpf: number) => (bytes: Uint8Array) => {
  const reader = new ByteReader(bytes, 'SMS');
  const vp = readValidityPeriod(reader, vpf);
  reader.expectEnd();
  return vp;
};
const encode = (vp: ValidityPeriod) => {
  const writer = new ByteWriter();
  writeValidityPeriod(writer, vp);
  return toHex(writer.finish());
};

const examples: readonly [string, ValidityPeriod][] = [
  ['', { format: 'none' }],
  ['aa', { format: 'relative', value: 0xaa }],
  [
    '62113241500080',
    {
      format: 'absolute',
      time: { year: 2026, month: 11, day: 23, hour: 14, minute: 5, second: 0, tzQuarterHours: 8 },
    },
  ],
  ['00000000000000', { format: 'enhanced', singleShot: false, period: { kind: 'none' } }],
  [
    '41a70000000000',
    { format: 'enhanced', singleShot: true, period: { kind: 'relative', value: 0xa7 } },
  ],
  [
    '021e0000000000',
    { format: 'enhanced', singleShot: false, period: { kind: 'seconds', seconds: 30 } },
  ],
  [
    '03214300000000',
    {
      format: 'enhanced',
      singleShot: false,
      period: { kind: 'hms', hours: 12, minutes: 34, seconds: 0 },
    },
  ],
  [
    '05010203040506',
    {
      format: 'enhanced',
      singleShot: false,
      period: { kind: 'other', octets: fromHex('05010203040506') },
    },
  ],
  [
    '81000000000000',
    {
      format: 'enhanced',
      singleShot: false,
      period: { kind: 'other', octets: fromHex('81000000000000') },
    },
  ],
  [
    '02010000000009',
    {
      format: 'enhanced',
      singleShot: false,
      period: { kind: 'other', octets: fromHex('02010000000009') },
    },
  ],
];

describe('validity period (TS 23.040 §9.2.3.12)', () => {
  it.each(examples)('%s', (hex, vp) => {
    const vpf = validityPeriodFormat(vp);
    expect(decoder(vpf)(fromHex(hex))).toEqual(vp);
    expect(encode(vp)).toBe(hex);
    if (hex !== '') expectEveryTruncationRejected(fromHex(hex), decoder(vpf));
  });

  it('§9.2.3.12.1 relative values: 5 minutes to 63 weeks', () => {
    expect(relativeValidityMinutes(0)).toBe(5);
    expect(relativeValidityMinutes(143)).toBe(12 * 60);
    expect(relativeValidityMinutes(144)).toBe(12 * 60 + 30);
    expect(relativeValidityMinutes(167)).toBe(24 * 60);
    expect(relativeValidityMinutes(168)).toBe(2 * 24 * 60);
    expect(relativeValidityMinutes(0xaa)).toBe(4 * 24 * 60);
    expect(relativeValidityMinutes(196)).toBe(30 * 24 * 60);
    expect(relativeValidityMinutes(197)).toBe(5 * 7 * 24 * 60);
    expect(relativeValidityMinutes(255)).toBe(63 * 7 * 24 * 60);
    for (let v = 0; v <= 255; v++) {
      expect(relativeValidityFromMinutes(relativeValidityMinutes(v))).toBe(v);
    }
    expect(relativeValidityFromMinutes(1)).toBe(0);
    expect(relativeValidityFromMinutes(10 ** 9)).toBe(255);
  });

  it('refuses values out of range', () => {
    expect(() => encode({ format: 'relative', value: 256 })).toThrow(RangeError);
    expect(() =>
      encode({
        format: 'enhanced',
        singleShot: false,
        period: { kind: 'hms', hours: 1, minutes: 60, seconds: 0 },
      }),
    ).toThrow(RangeError);
    expect(VPF.enhanced).toBe(1);
  });

  it('fuzz: only DecodeError', () => {
    for (const vpf of [1, 2, 3]) fuzzDecoder(decoder(vpf), { maxLength: 9, numRuns: 500 });
  });
});
