// Status word names: ISO/IEC 7816-4 §5.1.3, TS 51.011 §9.4, TS 102 221 §10.2.
import { describe, expect, it } from 'vitest';
import {
  SW_OK,
  describeStatusWord,
  isSw1,
  lengthToSw2,
  sw2ToLength,
  swGsmMoreData,
  swMoreData,
  swProactive,
  swRetriesLeft,
  swWrongLe,
} from '../../../protocol/iso7816/status-words.ts';

const table = [
  // [sw, name, kind, count, clause]
  [0x9000, 'OK', 'ok', undefined, 'ISO 7816-4 §5.1.3 normal processing'],
  [0x6120, 'MORE_DATA', 'more-data', 32, 'ISO 7816-4 §5.1.3: SW2 bytes still available'],
  [0x6100, 'MORE_DATA', 'more-data', 256, '61 00 stands for 256'],
  [0x6c10, 'WRONG_LE', 'wrong-le', 16, 'ISO 7816-4 §5.1.3: wrong Le, SW2 exact length'],
  [0x9f17, 'MORE_DATA', 'more-data', 23, 'TS 51.011 §9.4: length XX of response data'],
  [0x911a, 'PROACTIVE_COMMAND', 'proactive', 26, 'TS 102 221 §10.2.1'],
  [0x9300, 'TOOLKIT_BUSY', 'busy', undefined, 'TS 102 221 §10.2.1'],
  [0x9e05, 'DOWNLOAD_ERROR', 'download-error', 5, 'TS 51.011 §9.4'],
  [0x9201, 'OK_AFTER_RETRIES', 'warning', 1, 'TS 51.011 §9.4'],
  [0x9240, 'MEMORY_PROBLEM', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9400, 'NO_EF_SELECTED', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9402, 'OUT_OF_RANGE', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9404, 'FILE_ID_NOT_FOUND', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9408, 'FILE_INCONSISTENT', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9802, 'NO_CHV_INITIALIZED', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9804, 'ACCESS_CONDITION_NOT_FULFILLED', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9808, 'CONTRADICTS_CHV_STATUS', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9810, 'CONTRADICTS_INVALIDATION', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9840, 'CHV_BLOCKED', 'error', undefined, 'TS 51.011 §9.4'],
  [0x9850, 'MAX_VALUE_REACHED', 'error', undefined, 'TS 51.011 §9.4'],
  [0x6282, 'END_REACHED', 'warning', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6299, 'WARNING_UNCHANGED', 'warning', undefined, 'ISO 7816-4 §5.1.3 62xx'],
  [0x63c3, 'RETRIES_LEFT', 'warning', 3, 'TS 102 221 §10.2.1: 63Cx'],
  [0x63c0, 'RETRIES_LEFT', 'warning', 0, 'no retry left'],
  [0x6581, 'MEMORY_FAILURE', 'error', undefined, 'TS 102 221 §10.2.1'],
  [0x6700, 'WRONG_LENGTH', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6710, 'INCORRECT_P3', 'error', undefined, 'TS 51.011 §9.4'],
  [0x6982, 'SECURITY_STATUS_NOT_SATISFIED', 'error', undefined, 'TS 102 221 §10.2.1'],
  [0x6983, 'AUTHENTICATION_METHOD_BLOCKED', 'error', undefined, 'TS 102 221 §10.2.1'],
  [0x6984, 'REFERENCE_DATA_INVALIDATED', 'error', undefined, 'TS 102 221 §10.2.1'],
  [0x6985, 'CONDITIONS_OF_USE_NOT_SATISFIED', 'error', undefined, 'TS 102 221 §10.2.1'],
  [0x6986, 'COMMAND_NOT_ALLOWED', 'error', undefined, 'TS 102 221 §10.2.1'],
  [0x6a80, 'WRONG_DATA', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6a81, 'FUNCTION_NOT_SUPPORTED', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6a82, 'FILE_NOT_FOUND', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6a83, 'RECORD_NOT_FOUND', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6a84, 'NOT_ENOUGH_MEMORY', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6a85, 'LC_INCONSISTENT_WITH_TLV', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6a86, 'INCORRECT_P1_P2', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6a87, 'LC_INCONSISTENT_WITH_P1_P2', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6a88, 'REFERENCED_DATA_NOT_FOUND', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6b00, 'WRONG_P1_P2', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6d00, 'INS_NOT_SUPPORTED', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6e00, 'CLA_NOT_SUPPORTED', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x6f00, 'NO_PRECISE_DIAGNOSIS', 'error', undefined, 'ISO 7816-4 §5.1.3'],
  [0x1234, 'UNKNOWN', 'error', undefined, 'not a status word'],
] as const;

describe('describeStatusWord', () => {
  it.each(table)('%s is %s (%s)', (sw, name, kind, count) => {
    const d = describeStatusWord(sw);
    expect(d.sw).toBe(sw);
    expect(d.name).toBe(name);
    expect(d.kind).toBe(kind);
    expect(d.count).toBe(count);
    expect(d.meaning.length).toBeGreaterThan(5);
  });

  it('puts the retry counter in the meaning', () => {
    expect(describeStatusWord(0x63c2).meaning).toBe('verification failed, 2 retries left');
  });
});

describe('status word builders', () => {
  it('writes lengths 1..256 into SW2 with 256 as 00', () => {
    expect(SW_OK).toBe(0x9000);
    expect(swMoreData(256).toString(16)).toBe('6100');
    expect(swGsmMoreData(23).toString(16)).toBe('9f17');
    expect(swWrongLe(16).toString(16)).toBe('6c10');
    expect(swProactive(26).toString(16)).toBe('911a');
    expect(swRetriesLeft(3).toString(16)).toBe('63c3');
    for (let n = 1; n <= 256; n++) expect(sw2ToLength(lengthToSw2(n))).toBe(n);
  });

  it('refuses lengths a status word cannot carry', () => {
    expect(() => swMoreData(0)).toThrow(RangeError);
    expect(() => swMoreData(257)).toThrow(RangeError);
    expect(() => swRetriesLeft(16)).toThrow(RangeError);
  });

  it('tells SW1 from procedure bytes (ISO 7816-3 §10.3.3)', () => {
    expect(isSw1(0x60)).toBe(false);
    expect(isSw1(0x61)).toBe(true);
    expect(isSw1(0x9f)).toBe(true);
    expect(isSw1(0xa4)).toBe(false);
    expect(isSw1(0x5b)).toBe(false);
  });
});
