// libosmocore gsmtap.h: the version 2 header and the SIM sub-types.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  GSMTAP_TYPE_SIM,
  GSMTAP_UDP_PORT,
  GsmtapSimSubType,
  decodeGsmtapHeader,
  decodeGsmtapPacket,
  encodeGsmtapHeader,
  encodeGsmtapPacket,
  simGsmtapHeader,
} from '../../../protocol/gsmtap/index.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

describe('GSMTAP v2 header (libosmocore gsmtap.h)', () => {
  it('has the constants of gsmtap.h', () => {
    expect(GSMTAP_TYPE_SIM).toBe(4);
    expect(GSMTAP_UDP_PORT).toBe(4729);
    expect(GsmtapSimSubType).toEqual({
      APDU: 0,
      ATR: 1,
      PPS_REQ: 2,
      PPS_RSP: 3,
      TPDU_HDR: 4,
      TPDU_CMD: 5,
      TPDU_RSP: 6,
      TPDU_SW: 7,
    });
  });

  const examples = [
    [
      '0204040000000000000000000000000000a40004023f00612f',
      GsmtapSimSubType.APDU,
      '00a40004023f00612f',
      'SELECT MF -> 61 2F as SIMtrace2 writes it',
    ],
    ['02040400000000000000000001000000', GsmtapSimSubType.ATR, '', 'ATR sub-type, no payload'],
    [
      '020404000000000000000000010000003b9f96801fc78031e073fe211b63',
      GsmtapSimSubType.ATR,
      '3b9f96801fc78031e073fe211b63',
      'an ATR',
    ],
  ] as const;

  it.each(examples)('%s (%s)', (hex, subType, payload) => {
    const packet = decodeGsmtapPacket(fromHex(hex));
    expect(packet.header).toEqual(simGsmtapHeader(subType));
    expect(toHex(packet.payload)).toBe(payload);
    expect(toHex(encodeGsmtapPacket(packet))).toBe(hex);
  });

  it('round-trips every field, signed ones included', () => {
    const header = {
      type: 1,
      timeslot: 7,
      arfcn: 0x83ff,
      signalDbm: -70,
      snrDb: -3,
      frameNumber: 0xdeadbeef,
      subType: 2,
      antenna: 1,
      subSlot: 3,
    };
    const bytes = encodeGsmtapHeader(header);
    expect(toHex(bytes)).toBe('0204010783ffbafddeadbeef02010300');
    expect(decodeGsmtapHeader(bytes)).toEqual(header);
  });

  it('rejects other versions, header lengths and trailing bytes', () => {
    const good = encodeGsmtapHeader(simGsmtapHeader(0));
    const v3 = good.slice();
    v3[0] = 3;
    const long = good.slice();
    long[1] = 5;
    expect(() => decodeGsmtapHeader(v3)).toThrow(
      expect.objectContaining({ code: 'GSMTAP_BAD_VERSION' }),
    );
    expect(() => decodeGsmtapHeader(long)).toThrow(
      expect.objectContaining({ code: 'GSMTAP_BAD_HDR_LEN' }),
    );
    expect(() => decodeGsmtapHeader(fromHex(toHex(good) + '00'))).toThrow(
      expect.objectContaining({ code: 'GSMTAP_TRAILING_BYTES' }),
    );
  });

  it('refuses to encode out-of-range fields', () => {
    expect(() => encodeGsmtapHeader({ ...simGsmtapHeader(0), signalDbm: 128 })).toThrow(RangeError);
    expect(() => encodeGsmtapHeader({ ...simGsmtapHeader(0), arfcn: 0x10000 })).toThrow(RangeError);
  });

  it('rejects every truncation', () => {
    const bytes = encodeGsmtapHeader(simGsmtapHeader(1));
    expectEveryTruncationRejected(bytes, decodeGsmtapHeader);
    expectEveryTruncationRejected(bytes, decodeGsmtapPacket);
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder(decodeGsmtapHeader, { maxLength: 40 });
    fuzzDecoder(decodeGsmtapPacket, { maxLength: 40 });
  });
});
