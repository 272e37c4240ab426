// ISO/IEC 7816-4 §5.1: the four command cases in short and extended form.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  apduCase,
  decodeCommandApdu,
  decodeResponseApdu,
  encodeCommandApdu,
  encodeResponseApdu,
} from '../../../protocol/iso7816/apdu.ts';
import { expectEveryTruncationDecodesOrRejects, fuzzDecoder } from '../../support/codec-checks.ts';

const examples = [
  // [hex, case, data, ne, what]
  ['a0f2000016', 2, '', 22, 'GSM STATUS, case 2 short (TS 51.011 §9.2.1)'],
  ['00a40004023f00', 3, '3f00', undefined, 'SELECT MF by FID, case 3 short (TS 102 221 §11.1.1)'],
  [
    '00a4040410a0000000871002ff49ff0589000000ff00',
    4,
    'a0000000871002ff49ff0589000000ff',
    256,
    'SELECT by AID with Le=00, case 4 short',
  ],
  ['0070000000', 2, '', 256, 'case 2 short, Le 00 means 256'],
  ['80f2000c', 1, '', undefined, 'case 1'],
  ['00b0000000ffff', 2, '', 65535, 'READ BINARY case 2 extended'],
  ['00b00000000000', 2, '', 65536, 'case 2 extended, Le 0000 means 65536'],
] as const;

describe('command APDU (ISO/IEC 7816-4 §5.1)', () => {
  it.each(examples)('%s: %s', (hex, kase, data, ne) => {
    const apdu = decodeCommandApdu(fromHex(hex));
    expect(apduCase(apdu)).toBe(kase);
    expect(toHex(apdu.data)).toBe(data);
    expect(apdu.ne).toBe(ne);
    expect(toHex(encodeCommandApdu(apdu))).toBe(hex);
  });

  it('uses extended fields when data exceeds 255 bytes', () => {
    const data = new Uint8Array(300).fill(0x5a);
    const bytes = encodeCommandApdu({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data, ne: 1000 });
    expect(toHex(bytes.subarray(0, 7))).toBe('00d600000' + '0012c');
    expect(toHex(bytes.subarray(bytes.length - 2))).toBe('03e8');
    const back = decodeCommandApdu(bytes);
    expect(back.data.length).toBe(300);
    expect(back.ne).toBe(1000);
  });

  it('rejects a length that matches no case', () => {
    expect(() => decodeCommandApdu(fromHex('00a40004033f00'))).toThrow(
      expect.objectContaining({ code: 'APDU_TRUNCATED' }),
    );
    expect(() => decodeCommandApdu(fromHex('00a40004023f000000'))).toThrow(
      expect.objectContaining({ code: 'APDU_TRAILING_BYTES' }),
    );
    expect(() => decodeCommandApdu(fromHex('00a4000400'))).not.toThrow();
    expect(() => decodeCommandApdu(fromHex('00a400040000'))).toThrow(
      expect.objectContaining({ code: 'APDU_TRUNCATED' }),
    );
  });

  it('every truncation decodes as another case or is rejected', () => {
    for (const [hex] of examples)
      expectEveryTruncationDecodesOrRejects(fromHex(hex), decodeCommandApdu);
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder(decodeCommandApdu);
    fuzzDecoder(decodeResponseApdu);
  });
});

describe('response APDU', () => {
  it('splits data and status word', () => {
    const r = decodeResponseApdu(fromHex('3f00612f'));
    expect(toHex(r.data)).toBe('3f00');
    expect(r.sw).toBe(0x612f);
    expect(toHex(encodeResponseApdu(r))).toBe('3f00612f');
  });
  it('rejects fewer than two bytes', () => {
    expect(() => decodeResponseApdu(fromHex('90'))).toThrow(
      expect.objectContaining({ code: 'APDU_TRUNCATED' }),
    );
  });
});
