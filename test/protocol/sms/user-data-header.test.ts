// TS 23.040 §9.2.3.24 user data header information elements.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeUserDataHeader,
  encodeUserDataHeader,
  findConcat,
  type InformationElement,
} from '../../../protocol/sms/user-data-header.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const examples: readonly [string, InformationElement[], string][] = [
  [
    '050003cc0201',
    [{ type: 'concat', referenceBits: 8, reference: 0xcc, total: 2, sequence: 1 }],
    '§9.2.3.24.1 concatenation, 8-bit reference',
  ],
  [
    '06080412340302',
    [{ type: 'concat', referenceBits: 16, reference: 0x1234, total: 3, sequence: 2 }],
    '§9.2.3.24.8 concatenation, 16-bit reference',
  ],
  [
    '0404020b84',
    [{ type: 'port', portBits: 8, destination: 0x0b, source: 0x84 }],
    '§9.2.3.24.3 8-bit ports',
  ],
  [
    '0605040b8423f0',
    [{ type: 'port', portBits: 16, destination: 0x0b84, source: 0x23f0 }],
    '§9.2.3.24.4 16-bit ports (WAP push)',
  ],
  ['027000', [{ type: 'otaCommand' }], 'TS 31.115 command packet identifier'],
  ['027100', [{ type: 'otaResponse' }], 'TS 31.115 response packet identifier'],
  [
    '0c000301020124030102037000',
    [
      { type: 'concat', referenceBits: 8, reference: 1, total: 2, sequence: 1 },
      { type: 'other', iei: 0x24, data: fromHex('010203') },
      { type: 'otaCommand' },
    ],
    'several elements, an unknown one preserved',
  ],
  [
    '0400020102',
    [{ type: 'other', iei: 0, data: fromHex('0102') }],
    'a named element with the wrong length is kept as received',
  ],
  ['00', [], 'empty header'],
];

describe('user data header (TS 23.040 §9.2.3.24)', () => {
  it.each(examples)('%s: %s', (hex, elements) => {
    expect(decodeUserDataHeader(fromHex(hex))).toEqual(elements);
    expect(toHex(encodeUserDataHeader(elements))).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), decodeUserDataHeader);
  });

  it('rejects an element that runs past UDHL', () => {
    expect(() => decodeUserDataHeader(fromHex('0400030102ff'))).toThrow(
      expect.objectContaining({ code: 'SMS_TRUNCATED' }),
    );
  });

  it('finds the concatenation element', () => {
    const elements = decodeUserDataHeader(fromHex('0c000301020124030102037000'));
    expect(findConcat(elements)?.total).toBe(2);
    expect(findConcat([])).toBeUndefined();
    expect(findConcat(undefined)).toBeUndefined();
  });

  it('fuzz: only DecodeError', () => fuzzDecoder(decodeUserDataHeader, { maxLength: 40 }));
});
