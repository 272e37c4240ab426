// TS 27.005 §3 PDU mode: service centre address prefix and TPDU.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  atPduLength,
  decodePduWithSmsc,
  encodePduWithSmsc,
} from '../../../protocol/sms/pdu-with-smsc.ts';
import { userDataText } from '../../../protocol/sms/user-data.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

describe('PDU with service centre (TS 27.005 §3)', () => {
  it('AT+CMGS textbook PDU with the default service centre (00)', () => {
    const hex = '0011000b916407281553f80000aa0ae8329bfd4697d9ec37';
    const pdu = decodePduWithSmsc(fromHex(hex), 'mo');
    expect(pdu.serviceCentre).toBeUndefined();
    expect(pdu.tpdu.type).toBe('submit');
    expect(toHex(encodePduWithSmsc(pdu))).toBe(hex);
    expect(atPduLength(fromHex(hex))).toBe(23);
    expectEveryTruncationRejected(fromHex(hex), (b) => decodePduWithSmsc(b, 'mo'));
  });

  it('+CMT / AT+CMGR SMS-DELIVER with service centre +27381000015', () => {
    const hex = '07917283010010f5040bc87238880900f10000993092516195800ae8329bfd4697d9ec37';
    const pdu = decodePduWithSmsc(fromHex(hex), 'mt');
    expect(pdu.serviceCentre).toEqual({ ton: 1, npi: 1, value: '27381000015' });
    expect(pdu.tpdu.type === 'deliver' && userDataText(pdu.tpdu.userData, pdu.tpdu.dcs)).toBe(
      'hellohello',
    );
    expect(toHex(encodePduWithSmsc(pdu))).toBe(hex);
    expect(atPduLength(fromHex(hex))).toBe(28);
    expectEveryTruncationRejected(fromHex(hex), (b) => decodePduWithSmsc(b, 'mt'));
  });

  it('rejects trailing bytes and oversized input', () => {
    expect(() => decodePduWithSmsc(fromHex('000000ff'), 'mo')).toThrow(
      expect.objectContaining({ code: 'SMS_TRAILING_BYTES' }),
    );
    expect(() => decodePduWithSmsc(new Uint8Array(177), 'mo')).toThrow(
      expect.objectContaining({ code: 'SMS_TOO_LONG' }),
    );
  });

  it('fuzz: only DecodeError', () => {
    fuzzDecoder((b) => decodePduWithSmsc(b, 'mo'), { maxLength: 180 });
    fuzzDecoder((b) => decodePduWithSmsc(b, 'mt'), { maxLength: 180 });
  });
});
