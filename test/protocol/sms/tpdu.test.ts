// TS 23.040 §9.2.3.1: the message type indicator read per direction, and any TPDU re-encoded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeTpdu,
  encodeTpdu,
  tpduDirection,
  type SmsDirection,
} from '../../../protocol/sms/tpdu.ts';
import { fuzzDecoder } from '../../support/codec-checks.ts';

const examples: readonly [string, SmsDirection, string][] = [
  ['040bc87238880900f10000993092516195800ae8329bfd4697d9ec37', 'mt', 'deliver'],
  ['0000', 'mo', 'deliverReport'],
  ['00d400', 'mo', 'deliverReport'],
  ['11000b916407281553f80000aa0ae8329bfd4697d9ec37', 'mo', 'submit'],
  ['010062113241500080', 'mt', 'submitReport'],
  ['06450b916407281553f8621132415000806211324150108000', 'mt', 'statusReport'],
  ['2212000234' + '0b916407281553f800', 'mo', 'command'],
];

describe('TPDU by direction (TS 23.040 §9.2.3.1)', () => {
  it.each(examples)('%s (%s) is %s', (hex, direction, type) => {
    const tpdu = decodeTpdu(fromHex(hex), direction);
    expect(tpdu.type).toBe(type);
    expect(tpduDirection(tpdu)).toBe(direction);
    expect(toHex(encodeTpdu(tpdu))).toBe(hex);
  });

  it('the same first octet means different TPDUs per direction', () => {
    expect(decodeTpdu(fromHex('0000'), 'mo').type).toBe('deliverReport');
    expect(() => decodeTpdu(fromHex('0000'), 'mt')).toThrow(DecodeError);
  });

  it('rejects the reserved MTI 11 and input longer than any TPDU', () => {
    expect(() => decodeTpdu(fromHex('03'), 'mt')).toThrow(
      expect.objectContaining({ code: 'SMS_BAD_MTI' }),
    );
    expect(() => decodeTpdu(new Uint8Array(165), 'mo')).toThrow(
      expect.objectContaining({ code: 'SMS_TOO_LONG' }),
    );
  });

  it('§9.2.3.1: an MS may read the reserved MTI 11 as an SMS-DELIVER', () => {
    const hex = '070bc87238880900f10000993092516195800ae8329bfd4697d9ec37';
    const tpdu = decodeTpdu(fromHex(hex), 'mt', { reservedMtiAsDeliver: true });
    expect(tpdu.type).toBe('deliver');
    expect(toHex(encodeTpdu(tpdu))).toBe('04' + hex.slice(2));
    expect(() => decodeTpdu(fromHex(hex), 'mo', { reservedMtiAsDeliver: true })).toThrow(
      expect.objectContaining({ code: 'SMS_BAD_MTI' }),
    );
  });

  it('fuzz: only DecodeError, both directions', () => {
    fuzzDecoder((b) => decodeTpdu(b, 'mo'), { maxLength: 170 });
    fuzzDecoder((b) => decodeTpdu(b, 'mt'), { maxLength: 170 });
  });

  it('fuzz: whatever decodes re-encodes to something that decodes to the same value', () => {
    const seeds = examples.map(([hex, direction]) => [fromHex(hex), direction] as const);
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        ([bytes, direction], edits) => {
          const mutated = bytes.slice();
          for (const [at, value] of edits) mutated[at % mutated.length] = value;
          let tpdu;
          try {
            tpdu = decodeTpdu(mutated, direction);
          } catch (error) {
            expect(error).toBeInstanceOf(DecodeError);
            return;
          }
          const form = 'failureCause' in tpdu && tpdu.failureCause !== undefined ? 'error' : 'ack';
          expect(decodeTpdu(encodeTpdu(tpdu), direction, { reportForm: form })).toEqual(tpdu);
        },
      ),
      { numRuns: 3000, seed: 23040 },
    );
  });
});
