// TS 23.040 §9.1.2.5 TP addresses and TS 24.011 §8.2.5.1 RP addresses.
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  Ton,
  decodeTpAddress,
  encodeTpAddress,
  formatAddress,
  phoneAddress,
  readRpAddress,
  writeRpAddress,
  type SmsAddress,
} from '../../../protocol/sms/address.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const tpExamples: readonly [string, SmsAddress, string][] = [
  [
    '0b916407281553f8',
    { ton: 1, npi: 1, value: '46708251358' },
    'international, odd digits (F filler)',
  ],
  ['0aa12143658709', { ton: 2, npi: 1, value: '1234567890' }, 'national'],
  ['04812143', { ton: 0, npi: 1, value: '1234' }, 'unknown'],
  ['0bc87238880900f1', { ton: 4, npi: 8, value: '27838890001' }, 'subscriber, national plan'],
  ['0dd0e474d81c0ebb01', { ton: 5, npi: 0, value: 'diafaan' }, 'alphanumeric, 13 semi-octets'],
  ['0381baf0', { ton: 0, npi: 1, value: '*#0' }, 'extended digits'],
  ['0080', { ton: 0, npi: 0, value: '' }, 'empty'],
  ['04f92143', { ton: 7, npi: 9, value: '1234' }, 'reserved TON, private plan preserved'],
];

describe('TP address (TS 23.040 §9.1.2.5)', () => {
  it.each(tpExamples)('%s: %s', (hex, address) => {
    expect(decodeTpAddress(fromHex(hex))).toEqual(address);
    expect(toHex(encodeTpAddress(address))).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), decodeTpAddress);
  });

  it('alphanumeric addresses round-trip for 1-11 characters', () => {
    for (let n = 1; n <= 11; n++) {
      const address = { ton: Ton.alphanumeric, npi: 0, value: 'Shop@Sale_1'.slice(0, n) };
      expect(decodeTpAddress(encodeTpAddress(address))).toEqual(address);
    }
    const euro = { ton: Ton.alphanumeric, npi: 0, value: 'Pay€{ok}' };
    expect(decodeTpAddress(encodeTpAddress(euro))).toEqual(euro);
  });

  it.each([
    ['15912143', 'SMS_BAD_ADDRESS', 'length 21'],
    ['03912143', 'SMS_BAD_ADDRESS', 'odd count without F'],
    ['0491214f', 'SMS_BAD_ADDRESS', 'F inside the digits'],
    ['04112143', 'SMS_BAD_ADDRESS', 'TOA bit 8 clear'],
    ['04912143ff', 'SMS_TRAILING_BYTES', 'trailing byte'],
  ])('rejects %s with %s (%s)', (hex, code) => {
    expect(() => decodeTpAddress(fromHex(hex))).toThrow(expect.objectContaining({ code }));
  });

  it('refuses to encode what the field cannot carry', () => {
    expect(() => encodeTpAddress({ ton: 1, npi: 1, value: '1'.repeat(21) })).toThrow(RangeError);
    expect(() => encodeTpAddress({ ton: 5, npi: 0, value: 'twelve chars' })).toThrow(RangeError);
    expect(() => encodeTpAddress({ ton: 8, npi: 1, value: '1' })).toThrow(RangeError);
    expect(() => encodeTpAddress({ ton: 1, npi: 1, value: '12+' })).toThrow(RangeError);
  });

  it('phone numbers: + means international/ISDN', () => {
    expect(phoneAddress('+46708251358')).toEqual({ ton: 1, npi: 1, value: '46708251358' });
    expect(phoneAddress('0708')).toEqual({ ton: 0, npi: 1, value: '0708' });
    expect(formatAddress(phoneAddress('+4670'))).toBe('+4670');
  });

  it('fuzz: only DecodeError', () => fuzzDecoder(decodeTpAddress, { maxLength: 24 }));
});

describe('RP address (TS 24.011 §8.2.5.1)', () => {
  const decodeRp = (bytes: Uint8Array) => {
    const reader = new ByteReader(bytes, 'SMS');
    const address = readRpAddress(reader);
    reader.expectEnd();
    return address;
  };
  const encodeRp = (address: SmsAddress | undefined) => {
    const writer = new ByteWriter();
    writeRpAddress(writer, address);
    return toHex(writer.finish());
  };

  it.each([
    ['07917283010010f5', { ton: 1, npi: 1, value: '27381000015' }],
    ['0791448720003023', { ton: 1, npi: 1, value: '447802000332' } as SmsAddress],
    ['0181', { ton: 0, npi: 1, value: '' }],
    ['00', undefined],
  ])('%s', (hex, address) => {
    expect(decodeRp(fromHex(hex))).toEqual(address);
    expect(encodeRp(address)).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), decodeRp);
  });

  it.each([
    ['0d91' + '11'.repeat(12), 'length 13'],
    ['0391f121', 'F filler not last'],
    ['0211f1', 'TOA bit 8 clear'],
  ])('rejects %s (%s)', (hex) => {
    expect(() => decodeRp(fromHex(hex))).toThrow(
      expect.objectContaining({ code: 'SMS_BAD_ADDRESS' }),
    );
  });

  it('fuzz: only DecodeError', () => fuzzDecoder(decodeRp, { maxLength: 16 }));
});
