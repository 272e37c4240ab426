// ETSI TS 102 223 §8: fixed-layout data objects, result (§8.12), address (§8.1), DTMF string
// (§8.44), location information (§8.19) and file list (§8.18), with the conformance-test bytes
// of TS 102 384 / TS 31.124 where they exist.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeFileList, encodeFileList } from '../../../protocol/cat/commands/session.ts';
import {
  decodeCommandDetails,
  decodeDeviceIdentities,
  decodeDuration,
  decodeIconIdentifier,
  decodeResponseLength,
  encodeCommandDetails,
  encodeDuration,
  encodeIconIdentifier,
  encodeResponseLength,
} from '../../../protocol/cat/data-objects.ts';
import {
  decodeAddress,
  decodeDtmfString,
  encodeAddress,
  encodeDtmfString,
} from '../../../protocol/cat/digit-objects.ts';
import {
  decodeLocationInformation,
  encodeLocationInformation,
} from '../../../protocol/cat/location-information.ts';
import { ResultCode, decodeResult, encodeResult } from '../../../protocol/cat/result.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';
import { located } from './located.ts';

describe('fixed-layout objects (TS 102 223 §8.6-§8.31)', () => {
  it('command details and device identities (§8.6, §8.7)', () => {
    expect(decodeCommandDetails(located('8103012180'))).toEqual({
      commandNumber: 1,
      commandType: 0x21,
      qualifier: 0x80,
    });
    expect(toHex(encodeCommandDetails({ commandNumber: 1, commandType: 0x13, qualifier: 0 }))).toBe(
      '011300',
    );
    expect(decodeDeviceIdentities(located('82028281'))).toEqual({
      source: 0x82,
      destination: 0x81,
    });
    expect(() => decodeCommandDetails(located('81020121'))).toThrow(
      expect.objectContaining({ code: 'CAT_BAD_LENGTH' }),
    );
  });

  it('duration (§8.8): 8402010A is ten seconds', () => {
    const d = decodeDuration(located('8402010a'));
    expect(d).toEqual({ unit: 'seconds', interval: 10 });
    expect(toHex(encodeDuration(d))).toBe('010a');
    expect(() => decodeDuration(located('84020301'))).toThrow(
      expect.objectContaining({ code: 'CAT_BAD_DURATION' }),
    );
    expect(() => decodeDuration(located('84020100'))).toThrow(
      expect.objectContaining({ code: 'CAT_BAD_DURATION' }),
    );
  });

  it('icon identifier (§8.31) and response length (§8.11)', () => {
    expect(decodeIconIdentifier(located('9e020001'))).toEqual({ selfExplanatory: true, record: 1 });
    expect(toHex(encodeIconIdentifier({ selfExplanatory: false, record: 2 }))).toBe('0102');
    expect(decodeResponseLength(located('91020505'))).toEqual({ min: 5, max: 5 });
    expect(toHex(encodeResponseLength({ min: 0, max: 0xa0 }))).toBe('00a0');
    expect(() => decodeResponseLength(located('91020504'))).toThrow(
      expect.objectContaining({ code: 'CAT_BAD_RESPONSE_LENGTH' }),
    );
  });
});

describe('result (§8.12)', () => {
  it.each([
    ['830100', ResultCode.success, ''],
    ['83022001', ResultCode.terminalUnableToProcess, '01'],
    ['830132', ResultCode.commandDataNotUnderstood, ''],
  ])('%s', (hex, code, info) => {
    const result = decodeResult(located(hex));
    expect(result.code).toBe(code);
    expect(toHex(result.additionalInfo ?? new Uint8Array(0))).toBe(info);
    expect(toHex(encodeResult(result))).toBe(hex.slice(4));
  });
  it('needs a general result byte', () => {
    expect(() => decodeResult(located('8300'))).toThrow(
      expect.objectContaining({ code: 'CAT_BAD_LENGTH' }),
    );
  });
});

describe('address (§8.1) and DTMF string (§8.44)', () => {
  it('decodes the SET UP CALL address of TS 102 384 27.22.4.13 (with DTMF separators)', () => {
    const a = decodeAddress(located('860991103204214365 1c2c'.replace(' ', '')));
    expect(a).toEqual({ ton: 1, npi: 1, digits: '012340123456,1,2' });
    expect(toHex(encodeAddress(a))).toBe('91103204214365' + '1c2c');
  });

  it('pads an odd digit count with F (MT call event address)', () => {
    const a = decodeAddress(located('86068189674523f1'));
    expect(a).toEqual({ ton: 0, npi: 1, digits: '987654321' });
    expect(toHex(encodeAddress(a))).toBe('8189674523f1');
  });

  it('keeps TON/NPI fields even when b8 is clear, and encodes with b8 set', () => {
    expect(decodeAddress(located('860400103254'))).toEqual({ ton: 0, npi: 0, digits: '012345' });
    expect(() => decodeAddress(located('8600'))).toThrow(
      expect.objectContaining({ code: 'CAT_BAD_ADDRESS' }),
    );
    expect(() => encodeAddress({ ton: 1, npi: 1, digits: '12a' })).toThrow(RangeError);
  });

  it('DTMF strings of TS 102 384 27.22.4.24 (C = pause)', () => {
    expect(decodeDtmfString(located('ac052143658709'))).toBe('1234567890');
    expect(decodeDtmfString(located('ac06c1cccccccc2c'))).toBe(`1${','.repeat(10)}2`);
    expect(toHex(encodeDtmfString(`1${','.repeat(10)}2`))).toBe('c1cccccccc2c');
    expect(toHex(encodeDtmfString('12#'))).toBe('21fb');
    expect(() => encodeDtmfString('')).toThrow(RangeError);
  });
});

describe('location information (§8.19, TS 31.111 §8.19)', () => {
  it('decodes MCC 466, MNC 92 with a 4-byte cell identity', () => {
    const loc = decodeLocationInformation(located('930964f629283301230737'));
    expect(loc).toEqual({ mcc: '466', mnc: '92', lac: 10291, cellId: 19072823, cellIdOctets: 4 });
    expect(toHex(encodeLocationInformation(loc))).toBe('64f629283301230737');
  });
  it('round-trips a three-digit MNC and a 2-byte cell identity', () => {
    const loc = { mcc: '310', mnc: '260', lac: 0xfffe, cellId: 0x1234, cellIdOctets: 2 } as const;
    const bytes = encodeLocationInformation(loc);
    expect(toHex(bytes)).toBe('130062fffe1234');
    expect(decodeLocationInformation(located(Uint8Array.of(0x93, 7, ...bytes)))).toEqual(loc);
  });
  it('rejects other lengths and non-decimal digits', () => {
    expect(() => decodeLocationInformation(located('930100'))).toThrow(
      expect.objectContaining({ code: 'CAT_BAD_LOCATION' }),
    );
    expect(() =>
      decodeLocationInformation(located('9307a4f6292833 0123'.replace(' ', ''))),
    ).toThrow(expect.objectContaining({ code: 'CAT_BAD_LOCATION' }));
  });
});

describe('file list (§8.18)', () => {
  it('splits paths at each MF', () => {
    const files = decodeFileList(located('92 0d 02 3f007f106f3a 3f007f206f07'.replace(/ /g, '')));
    expect(files).toEqual([
      [0x3f00, 0x7f10, 0x6f3a],
      [0x3f00, 0x7f20, 0x6f07],
    ]);
    expect(toHex(encodeFileList(files))).toBe('023f007f106f3a3f007f206f07');
  });
  it('rejects a wrong count or a path not starting at the MF', () => {
    for (const hex of ['9207023f007f106f3a', '9205017f106f3a', '920101', '9200']) {
      expect(() => decodeFileList(located(hex))).toThrow(
        expect.objectContaining({ code: 'CAT_BAD_FILE_LIST' }),
      );
    }
  });
});

describe('truncation and fuzzing', () => {
  const decoders = [
    decodeCommandDetails,
    decodeDeviceIdentities,
    decodeDuration,
    decodeIconIdentifier,
    decodeResponseLength,
    decodeResult,
    decodeAddress,
    decodeDtmfString,
    decodeLocationInformation,
    decodeFileList,
  ];
  it('rejects every truncation of fixed-size objects', () => {
    const cases: [string, (t: ReturnType<typeof located>) => unknown][] = [
      ['8103012180', decodeCommandDetails],
      ['8402010a', decodeDuration],
      ['930964f629283301230737', decodeLocationInformation],
      ['920d023f007f106f3a3f007f206f07', decodeFileList],
    ];
    for (const [hex, decode] of cases) {
      expectEveryTruncationRejected(fromHex(hex), (b) => decode(located(b)));
    }
  });
  it('random objects only ever raise DecodeError', () => {
    decoders.forEach((decode, i) => {
      fuzzDecoder((b) => decode(located(Uint8Array.of(0x80 | (i + 1), b.length, ...b))), {
        seed: 8000 + i,
        maxLength: 40,
        numRuns: 500,
      });
    });
  });
});
