// The FCP decoder against templates shaped as TS 102 221 §11.1.1.3 describes them (the MF, an
// ADF, transparent and linear fixed EFs), its refusals, truncation and fuzzing.
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex } from '../../../protocol/bytes/index.ts';
import { decodeFcp } from '../../../firmware-sim/handset/fcp.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const MF = '62208202782183023f00a5038001718a01058c03069a9ac6099001c083010183010a';
const ADF =
  '622d8202782183027fff8410a0000000871002ffffffff89000001008a01058c03069a9ac6099001c083010183010a';
const ICCID = '62178202412183022fe28a01058c0303ff008002000a880110';
const SMS = '62198205422100b00a83026f3c8a01058c03039191800206e08800';

describe('decodeFcp (TS 102 221 §11.1.1.3)', () => {
  it.each([
    ['MF: descriptor 78 (DF), PS_DO C0 with key 01 first: PIN1 enabled', MF, true],
    ['ADF.USIM with its DF name 84', ADF, true],
    ['PS_DO 40: only the second key (0A) enabled', MF.replace('9001c0', '900140'), false],
    ['no PIN status template', '62088202782183023f00', false],
  ])('%s', (_name, hex, enabled) => {
    expect(decodeFcp(fromHex(hex))).toEqual({ kind: 'directory', pin1Enabled: enabled });
  });

  it('transparent EF (descriptor 41): size from tag 80', () => {
    expect(decodeFcp(fromHex(ICCID))).toEqual({
      kind: 'ef',
      size: 10,
      structure: 'transparent',
      recordLength: 0,
    });
  });

  it('linear fixed EF (descriptor 42): record length 00 B0 and 10 records (§11.1.1.4.3)', () => {
    expect(decodeFcp(fromHex(SMS))).toEqual({
      kind: 'ef',
      size: 1760,
      structure: 'linear-fixed',
      recordLength: 176,
    });
  });

  it('cyclic EF (descriptor 46)', () => {
    const cyclic = '620b8205462100100583020000';
    expect(decodeFcp(fromHex(cyclic))).toMatchObject({ structure: 'cyclic', recordLength: 16 });
  });

  it.each([
    ['another template tag', '6f03820178'],
    ['no descriptor', '620483020000'],
    ['record file without record length', '620482024221'],
    ['transparent EF without size', '620482024121'],
    ['BER-TLV structure (descriptor 39) not supported', '6209820539210010058002'],
    ['trailing bytes', `${ICCID}00`],
  ])('rejects %s', (_name, hex) => {
    expect(() => decodeFcp(fromHex(hex))).toThrow(DecodeError);
  });

  it('rejects every truncation', () => {
    for (const hex of [MF, ADF, ICCID, SMS]) expectEveryTruncationRejected(fromHex(hex), decodeFcp);
  });

  it('only ever throws DecodeError on random bytes and on random templates', () => {
    fuzzDecoder(decodeFcp, { seed: 102221 });
    fuzzDecoder((b) => decodeFcp(Uint8Array.of(0x62, b.length & 0x7f, ...b.subarray(0, 127))), {
      maxLength: 127,
      seed: 1110113,
    });
  });
});
