// ISO/IEC 7816-3 §10.3.2-§10.3.3: T=0 header, command TPDU lengths and procedure bytes.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  classifyProcedureByte,
  decodeCommandTpdu,
  decodeTpduHeader,
  encodeTpduHeader,
} from '../../../protocol/iso7816/tpdu.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

describe('TPDU header and command TPDU', () => {
  it('round-trips a header and rejects CLA FF and INS 6X/9X', () => {
    const bytes = fromHex('a0a4000002');
    expect(toHex(encodeTpduHeader(decodeTpduHeader(bytes)))).toBe('a0a4000002');
    expectEveryTruncationRejected(bytes, decodeTpduHeader);
    expect(() => decodeTpduHeader(fromHex('ffa4000002'))).toThrow(
      expect.objectContaining({ code: 'TPDU_BAD_CLA' }),
    );
    expect(() => decodeTpduHeader(fromHex('a060000002'))).toThrow(
      expect.objectContaining({ code: 'TPDU_BAD_INS' }),
    );
    expect(() => decodeTpduHeader(fromHex('a09f000002'))).toThrow(
      expect.objectContaining({ code: 'TPDU_BAD_INS' }),
    );
  });

  it('accepts 5 or 5 + P3 bytes, rejects lengths under 5, over 260, or not matching P3', () => {
    expect(decodeCommandTpdu(fromHex('a0a40000023f00')).data.length).toBe(2);
    expect(decodeCommandTpdu(fromHex('a0b0000010')).data.length).toBe(0);
    const full = new Uint8Array(260).fill(0x11);
    full.set(fromHex('00d60000ff'));
    expect(decodeCommandTpdu(full).data.length).toBe(255);
    const code = (b: Uint8Array): string | undefined => {
      try {
        decodeCommandTpdu(b);
        return undefined;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(code(fromHex('a0a400'))).toBe('TPDU_BAD_LENGTH');
    expect(code(new Uint8Array(261))).toBe('TPDU_BAD_LENGTH');
    expect(code(fromHex('a0a40000023f'))).toBe('TPDU_LC_MISMATCH');
    fuzzDecoder(decodeCommandTpdu, { maxLength: 270, numRuns: 500, seed: 260 });
  });
});

describe('procedure bytes (§10.3.3)', () => {
  it.each([
    [0x60, 0xa4, 'null'],
    [0xa4, 0xa4, 'ack-all'],
    [0x5b, 0xa4, 'ack-one'],
    [0x9f, 0xa4, 'sw1'],
    [0x61, 0xc0, 'sw1'],
    [0x6c, 0xb0, 'sw1'],
    [0x00, 0xa4, 'invalid'],
    [0xa5, 0xa4, 'invalid'],
  ] as const)('%s after INS %s is %s', (byte, ins, kind) => {
    expect(classifyProcedureByte(byte, ins)).toBe(kind);
  });
});
