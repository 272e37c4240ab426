// TS 23.040 §9.2.3.27 TP-PI and the parameters it announces.
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  hasOptionalParameters,
  parameterIndicator,
  readOptionalParameters,
  writeOptionalParameters,
  type OptionalParameters,
} from '../../../protocol/sms/parameter-indicator.ts';
import { DCS_8BIT } from '../../../protocol/sms/dcs.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const decode = (bytes: Uint8Array) => {
  const reader = new ByteReader(bytes, 'SMS');
  const params = readOptionalParameters(reader, false);
  reader.expectEnd();
  return params;
};
const encode = (params: OptionalParameters) => {
  const writer = new ByteWriter();
  writeOptionalParameters(writer, params);
  return toHex(writer.finish());
};

describe('TP-PI (TS 23.040 §9.2.3.27)', () => {
  it.each([
    ['00', {}],
    ['0141', { pid: 0x41 }],
    ['0204', { dcs: DCS_8BIT }],
    ['060402abcd', { dcs: DCS_8BIT, userData: { body: fromHex('abcd') } }],
    ['040141', { userData: { body: fromHex('41') } }],
  ] as const)('%s', (hex, params) => {
    expect(decode(fromHex(hex))).toEqual(params);
    expect(encode(params)).toBe(hex);
    expect(parameterIndicator(params)).toBe(fromHex(hex)[0]);
    expect(hasOptionalParameters(params)).toBe(hex !== '00');
    expectEveryTruncationRejected(fromHex(hex), decode);
  });

  it('fuzz: only DecodeError', () => fuzzDecoder(decode, { maxLength: 150 }));
});
