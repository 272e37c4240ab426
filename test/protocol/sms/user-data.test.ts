// TS 23.040 §9.2.3.16 TP-UDL and §9.2.3.24 TP-UD for GSM 7 bit (with fill bits), 8-bit and UCS2.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { DCS_8BIT, DCS_GSM7, DCS_UCS2, decodeDcs, type Dcs } from '../../../protocol/sms/dcs.ts';
import {
  decodeUserData,
  encodeUserData,
  textBody,
  userDataCapacity,
  userDataText,
} from '../../../protocol/sms/user-data.ts';
import type { InformationElement } from '../../../protocol/sms/user-data-header.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const concat: InformationElement = {
  type: 'concat',
  referenceBits: 8,
  reference: 0xcc,
  total: 2,
  sequence: 1,
};

const examples: readonly [string, Dcs, InformationElement[] | undefined, string, string][] = [
  ['0ae8329bfd4697d9ec37', DCS_GSM7, undefined, 'hellohello', 'GSM 7 bit, UDL in septets'],
  // 6-octet header = 48 bits -> 7 septets with 1 fill bit; 'h' << 1 = d0, then 'i' = 69
  ['09050003cc0201d069', DCS_GSM7, [concat], 'hi', '§9.2.3.24 fill bit after the header'],
  ['0568656c6c6f', DCS_8BIT, undefined, '', '8-bit, UDL in octets'],
  ['060041002020ac', DCS_UCS2, undefined, 'A €', 'UCS2'],
  ['0620acd83dde00', DCS_UCS2, undefined, '€😀', 'UCS2 surrogate pair'],
  ['0c050003cc02010041002020ac', DCS_UCS2, [concat], 'A €', 'UCS2 with header'],
  ['00', DCS_GSM7, undefined, '', 'empty'],
];

describe('user data (TS 23.040 §9.2.3.16, §9.2.3.24)', () => {
  it.each(examples)('%s: %s', (hex, dcs, header, text) => {
    const data = decodeUserData(fromHex(hex), dcs, header !== undefined);
    expect(data.header).toEqual(header);
    if (text !== '') expect(userDataText(data, dcs)).toBe(text);
    expect(toHex(encodeUserData(dcs, data))).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), (b) =>
      decodeUserData(b, dcs, header !== undefined),
    );
  });

  it('text body for each alphabet, and none for 8-bit', () => {
    expect(toHex(textBody('€😀', DCS_UCS2))).toBe('20acd83dde00');
    expect(toHex(textBody('A{', DCS_GSM7))).toBe('411b28');
    expect(() => textBody('x', DCS_8BIT)).toThrow(RangeError);
    expect(userDataText({ body: fromHex('01') }, DCS_8BIT)).toBeUndefined();
  });

  it('fills 160 septets or 140 octets and no more', () => {
    const full = { body: new Uint8Array(160).fill(0x41) };
    expect(encodeUserData(DCS_GSM7, full).length).toBe(141);
    expect(() => encodeUserData(DCS_GSM7, { body: new Uint8Array(161) })).toThrow(RangeError);
    expect(() => encodeUserData(DCS_8BIT, { body: new Uint8Array(141) })).toThrow(RangeError);
    expect(userDataCapacity(DCS_GSM7)).toBe(160);
    expect(userDataCapacity(DCS_GSM7, [concat])).toBe(153);
    expect(userDataCapacity(DCS_UCS2, [concat])).toBe(134);
  });

  it.each([
    ['a1' + '00'.repeat(141), DCS_GSM7, false, 'SMS_BAD_UDL', 'UDL 161 septets'],
    ['8d' + '00'.repeat(141), DCS_8BIT, false, 'SMS_BAD_UDL', 'UDL 141 octets'],
    ['03050003cc0201', DCS_GSM7, true, 'SMS_TRUNCATED', 'header longer than UDL'],
    ['00', DCS_8BIT, true, 'SMS_BAD_UDL', 'UDHI without header'],
    ['030041ac', DCS_UCS2, false, 'SMS_BAD_UCS2', 'odd UCS2 length'],
    ['0141ff', DCS_GSM7, false, 'SMS_TRAILING_BYTES', 'octet after the septets'],
  ])('rejects %s (%s)', (hex, dcs, udhi, code) => {
    expect(() => decodeUserData(fromHex(hex), dcs, udhi)).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it('round-trips GSM 7 bit bodies after headers of every length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 20 }),
        fc.uint8Array({ maxLength: 120, max: 0x7f }),
        (ieData, body) => {
          const header: InformationElement[] = [{ type: 'other', iei: 0x24, data: ieData }];
          const bytes = encodeUserData(DCS_GSM7, { header, body });
          const back = decodeUserData(bytes, DCS_GSM7, true);
          expect(toHex(back.body)).toBe(toHex(body));
          expect(back.header).toEqual(header);
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });

  it('fuzz: only DecodeError, for every DCS and UDHI', () => {
    for (const dcs of [0x00, 0x04, 0x08, 0x20]) {
      for (const udhi of [false, true]) {
        fuzzDecoder((b) => decodeUserData(b, decodeDcs(dcs), udhi), {
          maxLength: 150,
          numRuns: 300,
        });
      }
    }
  });
});
