// TS 23.040 §9.2.3.11 TP-SCTS with time zone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeTimestamp,
  formatTimestamp,
  writeTimestamp,
  type SmsTimestamp,
} from '../../../protocol/sms/timestamp.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const encode = (time: SmsTimestamp) => {
  const writer = new ByteWriter(7);
  writeTimestamp(writer, time);
  return toHex(writer.finish());
};

describe('service centre time stamp (TS 23.040 §9.2.3.11)', () => {
  it.each([
    // well-known SMS-DELIVER "diafaan.com": 2011-01-11 13:25:41 UTC
    ['11101131521400', '2011-01-11T13:25:41+00:00', 0],
    // +8 quarter hours = UTC+2
    ['62113241500080', '2026-11-23T14:05:00+02:00', 8],
    // sign in bit 3 of the first TZ semi-octet: -20 quarter hours = UTC-5
    ['6211324150000a', '2026-11-23T14:05:00-05:00', -20],
    // UTC+5:45 (Nepal), 23 quarter hours: tens 2, units 3
    ['62113241500032', '2026-11-23T14:05:00+05:45', 23],
  ])('%s is %s', (hex, iso, tz) => {
    const time = decodeTimestamp(fromHex(hex));
    expect(formatTimestamp(time)).toBe(iso);
    expect(time.tzQuarterHours).toBe(tz);
    expect(encode(time)).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), decodeTimestamp);
  });

  it.each([
    ['1a101131521400', 'digit above 9'],
    ['11001131521400', 'month 0'],
    ['11101142521400', 'hour 24'],
    ['111011315214a0', 'TZ digit above 9'],
  ])('rejects %s (%s)', (hex) => {
    expect(() => decodeTimestamp(fromHex(hex))).toThrow(
      expect.objectContaining({ code: 'SMS_BAD_TIMESTAMP' }),
    );
  });

  it('refuses to encode fields out of range', () => {
    const ok = decodeTimestamp(fromHex('62113241500080'));
    expect(() => encode({ ...ok, year: 1999 })).toThrow(RangeError);
    expect(() => encode({ ...ok, second: 60 })).toThrow(RangeError);
    expect(() => encode({ ...ok, tzQuarterHours: 80 })).toThrow(RangeError);
  });

  it('round-trips any valid value', () => {
    const time = fc.record({
      year: fc.integer({ min: 2000, max: 2099 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      tzQuarterHours: fc.integer({ min: -79, max: 79 }),
    });
    fc.assert(
      fc.property(time, (t) => {
        expect(decodeTimestamp(fromHex(encode(t)))).toEqual(t);
      }),
      { numRuns: 300, seed: 9211 },
    );
  });

  it('fuzz: only DecodeError', () => fuzzDecoder(decodeTimestamp, { maxLength: 9 }));
});
