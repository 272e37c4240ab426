// JSON form of TS 23.040 §9.2.3.24 user data.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { DCS_8BIT, DCS_GSM7, DCS_UCS2 } from '../../../protocol/sms/dcs.ts';
import { encodeUserData } from '../../../protocol/sms/user-data.ts';
import { userDataFromJson, userDataToJson } from '../../../protocol/sms/user-data-json.ts';

const concat = {
  type: 'concat',
  referenceBits: 8,
  reference: 0xcc,
  total: 2,
  sequence: 1,
} as const;

describe('user data JSON', () => {
  it('GSM 7 bit with a header: length in septets, wire hex, elements and text', () => {
    const data = { header: [concat], body: fromHex('6869') };
    const json = userDataToJson(data, DCS_GSM7);
    expect(json).toEqual({ length: 9, hex: '050003cc0201d069', header: [concat], text: 'hi' });
    expect(userDataFromJson(json, DCS_GSM7, 'u')).toEqual(data);
  });

  it('8-bit data shows the body in hex instead of text', () => {
    const json = userDataToJson({ body: fromHex('0102') }, DCS_8BIT);
    expect(json).toEqual({ length: 2, hex: '0102', body: '0102' });
    expect(toHex(userDataFromJson({ body: '0102' }, DCS_8BIT, 'u').body)).toBe('0102');
  });

  it('builds from text and header when no hex is given', () => {
    const data = userDataFromJson({ header: [concat], text: 'A€' }, DCS_UCS2, 'u');
    expect(toHex(encodeUserData(DCS_UCS2, data))).toBe('0a050003cc0201004120ac');
    const other = userDataFromJson(
      { header: [{ type: 'other', iei: 0x24, data: 'aa' }], text: '' },
      DCS_GSM7,
      'u',
    );
    expect(other.header).toEqual([{ type: 'other', iei: 0x24, data: fromHex('aa') }]);
  });

  it.each([
    [{ length: 10, hex: 'e8329bfd4697d9ec37', text: 'goodbye' }, DCS_GSM7, 'u.text'],
    [
      { length: 9, hex: '050003cc0201d069', header: [{ ...concat, sequence: 2 }] },
      DCS_GSM7,
      'u.header',
    ],
    [{ length: 3, hex: 'e832' }, DCS_GSM7, 'u.hex'],
    [{ hex: '0102', body: '0103' }, DCS_8BIT, 'u.body'],
    [{ hex: 'zz' }, DCS_8BIT, 'u.hex'],
    [{ text: 'ж' }, DCS_GSM7, 'u.text'],
    [{ text: 'x' }, DCS_8BIT, 'u.text'],
    [
      { header: [{ type: 'port', portBits: 8, destination: 256, source: 0 }], body: '' },
      DCS_8BIT,
      'u.header[0].destination',
    ],
    [{ header: 'none', text: '' }, DCS_GSM7, 'u.header'],
    [{}, DCS_GSM7, 'u'],
  ])('names the field: %j', (json, dcs, field) => {
    expect(() => userDataFromJson(json, dcs, 'u')).toThrow(expect.objectContaining({ field }));
  });
});
