// JSON forms of TS 23.040 addresses, time stamps, validity periods and the TS 23.038 DCS.
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../protocol/bytes/index.ts';
import { decodeDcs } from '../../../protocol/sms/dcs.ts';
import {
  addressFromJson,
  addressToJson,
  dcsFromJson,
  dcsToJson,
  timestampFromJson,
  timestampToJson,
  validityFromJson,
  validityToJson,
} from '../../../protocol/sms/field-json.ts';
import type { ValidityPeriod } from '../../../protocol/sms/validity-period.ts';

const viaJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('address JSON', () => {
  it.each([
    [
      { ton: 1, npi: 1, value: '46708251358' },
      { value: '+46708251358', ton: 'international', npi: 'isdn' },
    ],
    [
      { ton: 2, npi: 8, value: '0708' },
      { value: '0708', ton: 'national', npi: 'national' },
    ],
    [
      { ton: 5, npi: 0, value: 'Bank' },
      { value: 'Bank', ton: 'alphanumeric', npi: 'unknown' },
    ],
    [
      { ton: 3, npi: 12, value: '1' },
      { value: '1', ton: 'networkSpecific', npi: 12 },
    ],
  ])('%j <-> %j', (address, json) => {
    expect(addressToJson(address)).toEqual(json);
    expect(addressFromJson(json, 'a')).toEqual(address);
  });

  it('reads bare strings and numeric types', () => {
    expect(addressFromJson('+4670', 'a')).toEqual({ ton: 1, npi: 1, value: '4670' });
    expect(addressFromJson('0708', 'a')).toEqual({ ton: 0, npi: 1, value: '0708' });
    expect(addressFromJson({ value: '1', ton: 4, npi: 9 }, 'a')).toEqual({
      ton: 4,
      npi: 9,
      value: '1',
    });
  });

  it.each([
    [{ value: '12-3' }, 'a.value'],
    [{ value: '1', ton: 'martian' }, 'a.ton'],
    [{ value: '1', npi: 16 }, 'a.npi'],
    [{}, 'a.value'],
    [7, 'a'],
  ])('names the field of %j', (json, field) => {
    expect(() => addressFromJson(json, 'a')).toThrow(expect.objectContaining({ field }));
  });
});

describe('time stamp JSON', () => {
  it.each([
    ['2026-11-23T14:05:00+02:00', 8],
    ['2026-11-23T14:05:00-05:00', -20],
    ['2026-11-23T14:05:00+05:45', 23],
    ['2026-11-23T14:05:00+00:00', 0],
  ])('%s', (text, tz) => {
    const time = timestampFromJson(text, 't');
    expect(time.tzQuarterHours).toBe(tz);
    expect(timestampToJson(time)).toBe(text);
  });

  it('accepts Z and refuses what the field cannot hold', () => {
    expect(timestampFromJson('2026-01-02T03:04:05Z', 't').tzQuarterHours).toBe(0);
    for (const bad of [
      '1999-01-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:00+01:10',
      '2026-01-01',
      5,
    ]) {
      expect(() => timestampFromJson(bad, 't')).toThrow(expect.objectContaining({ field: 't' }));
    }
  });
});

describe('DCS JSON', () => {
  it('every octet goes through JSON to itself, by octet and by fields', () => {
    for (let octet = 0; octet <= 0xff; octet++) {
      const json = viaJson(dcsToJson(decodeDcs(octet))) as Record<string, unknown>;
      expect(dcsFromJson(json, 'dcs')).toEqual(decodeDcs(octet));
      const { octet: _octet, ...fields } = json;
      expect(dcsFromJson(fields, 'dcs')).toEqual(decodeDcs(octet));
    }
  });

  it('reads an octet as hex or number, and refuses an octet that disagrees with the fields', () => {
    expect(dcsFromJson('f6', 'dcs')).toEqual(decodeDcs(0xf6));
    expect(dcsFromJson(8, 'dcs')).toEqual(decodeDcs(8));
    expect(() => dcsFromJson({ octet: '00', group: 'general', alphabet: 'ucs2' }, 'dcs')).toThrow(
      expect.objectContaining({ field: 'dcs.octet' }),
    );
    expect(() =>
      dcsFromJson({ group: 'dataClass', alphabet: 'ucs2', messageClass: 1 }, 'dcs'),
    ).toThrow(expect.objectContaining({ field: 'dcs.alphabet' }));
  });
});

describe('validity period JSON', () => {
  it.each<ValidityPeriod>([
    { format: 'none' },
    { format: 'relative', value: 167 },
    { format: 'absolute', time: timestampFromJson('2026-11-23T14:05:00+02:00', 't') },
    {
      format: 'enhanced',
      singleShot: true,
      period: { kind: 'hms', hours: 1, minutes: 2, seconds: 3 },
    },
    {
      format: 'enhanced',
      singleShot: false,
      period: { kind: 'other', octets: fromHex('05000000000000') },
    },
  ])('%j', (vp) => {
    expect(validityFromJson(viaJson(validityToJson(vp)), 'vp')).toEqual(vp);
  });

  it('shows minutes for relative periods and names bad fields', () => {
    expect(validityToJson({ format: 'relative', value: 167 })).toMatchObject({ minutes: 1440 });
    expect(validityFromJson(undefined, 'vp')).toEqual({ format: 'none' });
    expect(() =>
      validityFromJson({ format: 'enhanced', period: { kind: 'other', octets: '00' } }, 'vp'),
    ).toThrow(expect.objectContaining({ field: 'vp.period.octets' }));
  });
});
