// JSON form of TS 23.040 TPDUs: readable fields, and back to the same bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodePduWithSmsc, encodePduWithSmsc } from '../../../protocol/sms/pdu-with-smsc.ts';
import {
  pduWithSmscFromJson,
  pduWithSmscToJson,
  tpduFromJson,
  tpduToJson,
} from '../../../protocol/sms/tpdu-json.ts';
import { decodeTpdu, encodeTpdu, type SmsDirection } from '../../../protocol/sms/tpdu.ts';

const examples: readonly [string, SmsDirection][] = [
  ['11000b916407281553f80000aa0ae8329bfd4697d9ec37', 'mo'],
  ['240dd0e474d81c0ebb010000111011315214000be474d81c0ebb5de3771b', 'mt'],
  ['e8049164077ff662113241500080080270000015160000', 'mt'],
  ['0000', 'mo'],
  ['00d400', 'mo'],
  ['40077ff606027100aabbcc', 'mo'],
  ['010062113241500080', 'mt'],
  ['01c503621132415000807f04', 'mt'],
  ['06450b916407281553f8621132415000806211324150108000', 'mt'],
  ['22450b916407281553f86211324150008062113241501080460700000' + '2e834', 'mt'],
  ['22120002340b916407281553f800', 'mo'],
  ['4200000000008003aabbcc', 'mo'],
  ['1900038121f30008' + '6211324150000a' + '0a' + '0041d83dde0000200020', 'mo'],
  ['0900038121f300c8' + '41a70000000000' + '00', 'mo'],
];

const viaJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('TPDU JSON', () => {
  it.each(examples)('%s (%s) round-trips through JSON byte for byte', (hex, direction) => {
    const json = viaJson(tpduToJson(decodeTpdu(fromHex(hex), direction)));
    expect(toHex(encodeTpdu(tpduFromJson(json)))).toBe(hex);
  });

  it('shows every field readably', () => {
    const json = tpduToJson(decodeTpdu(fromHex(examples[1]![0]), 'mt'));
    expect(viaJson(json)).toEqual({
      type: 'deliver',
      replyPath: false,
      statusReportIndication: true,
      loopPrevention: false,
      moreMessagesToSend: false,
      originator: { value: 'diafaan', ton: 'alphanumeric', npi: 'unknown' },
      pid: '00',
      dcs: {
        octet: '00',
        group: 'general',
        autoDelete: false,
        compressed: false,
        alphabet: 'gsm7',
      },
      timestamp: '2011-01-11T13:25:41+00:00',
      userData: { length: 11, hex: 'e474d81c0ebb5de3771b', text: 'diafaan.com' },
    });
  });

  it('builds a TPDU from a short hand-written form with defaults', () => {
    const tpdu = tpduFromJson({
      type: 'submit',
      destination: '+46708251358',
      validityPeriod: { format: 'relative', value: 170 },
      userData: { text: 'hellohello' },
    });
    expect(toHex(encodeTpdu(tpdu))).toBe(examples[0]![0]);
  });

  it('keeps the service centre, null for the default one', () => {
    for (const hex of [
      '0011000b916407281553f80000aa0ae8329bfd4697d9ec37',
      '07917283010010f5' + '0000',
    ]) {
      const json = viaJson(pduWithSmscToJson(decodePduWithSmsc(fromHex(hex), 'mo')));
      expect(toHex(encodePduWithSmsc(pduWithSmscFromJson(json)))).toBe(hex);
    }
    expect(() =>
      pduWithSmscFromJson({ type: 'deliverReport', serviceCentre: { value: 'SC', ton: 5 } }),
    ).toThrow(expect.objectContaining({ field: 'serviceCentre.ton' }));
  });

  it.each([
    [{}, 'type'],
    [{ type: 'fax' }, 'type'],
    [{ type: 'submit', userData: { text: 'x' } }, 'destination'],
    [
      { type: 'submit', destination: { value: '12x' }, userData: { text: 'x' } },
      'destination.value',
    ],
    [
      { type: 'submit', destination: '1', messageReference: 256, userData: { text: 'x' } },
      'messageReference',
    ],
    [{ type: 'submit', destination: '1', pid: 'zz', userData: { text: 'x' } }, 'pid'],
    [
      {
        type: 'submit',
        destination: '1',
        validityPeriod: { format: 'weekly' },
        userData: { text: 'x' },
      },
      'validityPeriod.format',
    ],
    [{ type: 'submit', destination: '1', userData: {} }, 'userData'],
    [
      {
        type: 'deliver',
        originator: '1',
        timestamp: '2026-13-01T00:00:00Z',
        userData: { text: 'x' },
      },
      'timestamp',
    ],
    [
      {
        type: 'statusReport',
        messageReference: 1,
        recipient: '1',
        timestamp: '2026-01-01T00:00:00Z',
      },
      'dischargeTime',
    ],
    [
      { type: 'command', commandType: 2, messageNumber: 1, destination: '1', commandData: 'xyz' },
      'commandData',
    ],
    [
      {
        type: 'deliverReport',
        userData: { header: [{ type: 'concat', referenceBits: 12 }], text: '' },
      },
      'userData.header[0].referenceBits',
    ],
  ])('names the wrong field: %j -> %s', (json, field) => {
    expect(() => tpduFromJson(json)).toThrow(
      expect.objectContaining({ code: 'SMS_JSON_FIELD', field }),
    );
  });

  it('fuzz: whatever decodes goes through JSON to the bytes it re-encodes to', () => {
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
          const again = tpduFromJson(viaJson(tpduToJson(tpdu)));
          expect(toHex(encodeTpdu(again))).toBe(toHex(encodeTpdu(tpdu)));
        },
      ),
      { numRuns: 2000, seed: 27005 },
    );
  });

  it('fuzz: any JSON value gives a TPDU or a DecodeError', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        try {
          tpduFromJson(value);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 500, seed: 40 },
    );
  });
});
