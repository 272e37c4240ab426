import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  joinSecuredSegments,
  MAX_USER_DATA,
  packetToUserData,
  readSecuredUserData,
  type SecuredSegment,
} from '../../../protocol/ota/index.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';
import { sampleData } from './ota-fixtures.ts';

describe('secured packets in SMS user data (TS 31.115 §4)', () => {
  it('puts a short command packet after UDH 02 70 00', () => {
    // pySim tests/unittests/test_ota.py: the SMS-DELIVER user data of the AES-128 example
    const packet = fromHex(
      '00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058',
    );
    const [sms, ...rest] = packetToUserData('command', packet);
    expect(rest).toHaveLength(0);
    expect(sms!.udhl).toBe(2);
    expect(toHex(sms!.userData)).toBe(`027000${toHex(packet)}`);
    const segment = readSecuredUserData(sms!.userData);
    expect(segment).toMatchObject({ kind: 'command', concatenation: undefined });
    expect(toHex(joinSecuredSegments([segment]).packet)).toBe(toHex(packet));
  });

  it('puts a response packet after UDH 02 71 00', () => {
    const userData = fromHex('027100000e0ab0001100000000000000016132');
    const segment = readSecuredUserData(userData);
    expect(segment.kind).toBe('response');
    expect(toHex(packetToUserData('response', segment.payload)[0]!.userData)).toBe(toHex(userData));
  });

  it('fills one SMS up to 140 octets, then concatenates with the CPI in the first only', () => {
    expect(packetToUserData('command', new Uint8Array(137))).toHaveLength(1);
    const parts = packetToUserData('command', sampleData(300, 1), 42);
    expect(parts.map((p) => p.userData.length)).toEqual([140, 140, 40]);
    expect(toHex(parts[0]!.userData.slice(0, 8))).toBe('0700032a03017000');
    expect(toHex(parts[1]!.userData.slice(0, 6))).toBe('0500032a0302');
    expect(parts.map((p) => p.udhl)).toEqual([7, 5, 5]);
  });

  it('uses the 16-bit reference element above 255', () => {
    const parts = packetToUserData('response', sampleData(200, 2), 0x1234);
    expect(toHex(parts[0]!.userData.slice(0, 9))).toBe('08080412340201' + '7100');
    const joined = joinSecuredSegments(parts.map((p) => readSecuredUserData(p.userData)));
    expect(joined.kind).toBe('response');
    expect(toHex(joined.packet)).toBe(toHex(sampleData(200, 2)));
  });

  it('joins segments in any order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 900 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer(),
        (length, reference, seed) => {
          const packet = sampleData(length, seed);
          const segments = packetToUserData('command', packet, reference).map((p) =>
            readSecuredUserData(p.userData),
          );
          const shuffled = [...segments].sort(
            (a, b) =>
              (((a.concatenation?.sequence ?? 0) * seed) % 7) -
              (((b.concatenation?.sequence ?? 0) * seed) % 7),
          );
          expect(toHex(joinSecuredSegments(shuffled).packet)).toBe(toHex(packet));
        },
      ),
      { numRuns: 150, seed: 23040 },
    );
  });

  it('rejects missing, repeated and foreign segments', () => {
    const segments = packetToUserData('command', sampleData(400, 3), 9).map((p) =>
      readSecuredUserData(p.userData),
    );
    const bad: SecuredSegment[][] = [
      [],
      segments.slice(1),
      [...segments, segments[1]!],
      [
        segments[0]!,
        { ...segments[1]!, concatenation: { reference: 8, total: 3, sequence: 2 } },
        segments[2]!,
      ],
      [{ ...segments[0]!, kind: undefined }, segments[1]!, segments[2]!],
    ];
    for (const set of bad) expect(() => joinSecuredSegments(set)).toThrow(DecodeError);
  });

  it('rejects user data without CPI, RPI or concatenation, and malformed elements', () => {
    for (const hex of [
      '00',
      '0205',
      '03700100',
      '047000' + '7100',
      '050003010300',
      '050003010304',
      '0500030100',
    ]) {
      expect(() => readSecuredUserData(fromHex(hex)), hex).toThrow(DecodeError);
    }
    expect(() => readSecuredUserData(new Uint8Array(MAX_USER_DATA + 1))).toThrow(DecodeError);
  });

  it('rejects every truncation of the header and sees only DecodeError on random input', () => {
    const [first] = packetToUserData('command', sampleData(300, 4), 5);
    expectEveryTruncationRejected(first!.userData.slice(0, 8), readSecuredUserData);
    fuzzDecoder(readSecuredUserData, { maxLength: 150, numRuns: 1500 });
  });
});
