// TS 23.038 §4 SMS data coding scheme.
import { describe, expect, it } from 'vitest';
import {
  decodeDcs,
  encodeDcs,
  messageClassOf,
  textAlphabet,
  userDataUnits,
  type Dcs,
} from '../../../protocol/sms/dcs.ts';

describe('data coding scheme (TS 23.038 §4)', () => {
  it.each([
    [
      0x00,
      { group: 'general', autoDelete: false, compressed: false, alphabet: 'gsm7' },
      'gsm7',
      'septets',
    ],
    [
      0x04,
      { group: 'general', autoDelete: false, compressed: false, alphabet: '8bit' },
      '8bit',
      'octets',
    ],
    [
      0x08,
      { group: 'general', autoDelete: false, compressed: false, alphabet: 'ucs2' },
      'ucs2',
      'octets',
    ],
    [
      0x0c,
      { group: 'general', autoDelete: false, compressed: false, alphabet: 'reserved' },
      'gsm7',
      'septets',
    ],
    [
      0x16,
      { group: 'general', autoDelete: false, compressed: false, alphabet: '8bit', messageClass: 2 },
      '8bit',
      'octets',
    ],
    [
      0x10,
      { group: 'general', autoDelete: false, compressed: false, alphabet: 'gsm7', messageClass: 0 },
      'gsm7',
      'septets',
    ],
    [
      0x20,
      { group: 'general', autoDelete: false, compressed: true, alphabet: 'gsm7' },
      '8bit',
      'octets',
    ],
    [
      0x59,
      { group: 'general', autoDelete: true, compressed: false, alphabet: 'ucs2', messageClass: 1 },
      'ucs2',
      'octets',
    ],
    [
      0xc8,
      { group: 'mwi', store: false, alphabet: 'gsm7', active: true, indication: 'voicemail' },
      'gsm7',
      'septets',
    ],
    [
      0xd1,
      { group: 'mwi', store: true, alphabet: 'gsm7', active: false, indication: 'fax' },
      'gsm7',
      'septets',
    ],
    [
      0xee,
      {
        group: 'mwi',
        store: true,
        alphabet: 'ucs2',
        active: true,
        indication: 'email',
        reservedBit: true,
      },
      'ucs2',
      'octets',
    ],
    [0xf0, { group: 'dataClass', alphabet: 'gsm7', messageClass: 0 }, 'gsm7', 'septets'],
    [0xf6, { group: 'dataClass', alphabet: '8bit', messageClass: 2 }, '8bit', 'octets'],
    [
      0xfb,
      { group: 'dataClass', alphabet: 'gsm7', messageClass: 3, reservedBit: true },
      'gsm7',
      'septets',
    ],
    [0x93, { group: 'reserved', value: 0x93 }, 'gsm7', 'septets'],
  ] as const)('0x%s', (octet, dcs, alphabet, units) => {
    expect(decodeDcs(octet)).toEqual(dcs);
    expect(encodeDcs(dcs as Dcs)).toBe(octet);
    expect(textAlphabet(dcs as Dcs)).toBe(alphabet);
    expect(userDataUnits(dcs as Dcs)).toBe(units);
  });

  it('every octet decodes and encodes back to itself', () => {
    for (let octet = 0; octet <= 0xff; octet++) expect(encodeDcs(decodeDcs(octet))).toBe(octet);
  });

  it('message class comes from the general and data coding groups only', () => {
    expect(messageClassOf(decodeDcs(0xf6))).toBe(2);
    expect(messageClassOf(decodeDcs(0x12))).toBe(2);
    expect(messageClassOf(decodeDcs(0x00))).toBeUndefined();
    expect(messageClassOf(decodeDcs(0xd0))).toBeUndefined();
  });

  it('refuses combinations no octet expresses', () => {
    expect(() =>
      encodeDcs({
        group: 'mwi',
        store: false,
        alphabet: 'ucs2',
        active: true,
        indication: 'other',
      }),
    ).toThrow(RangeError);
    expect(() => encodeDcs({ group: 'reserved', value: 0x00 })).toThrow(RangeError);
  });
});
