import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../protocol/bytes/index.ts';
import {
  decodeKeypadRequest,
  decodeKeypadResponse,
  encodeKeypadRequest,
  encodeKeypadResponse,
} from '../../../modem/keypad/keypad-codec.ts';
import { decodeKeypadText, encodeKeypadText } from '../../../modem/keypad/keypad-letters.ts';
import { arbitraryRequest, arbitraryResponse } from '../voice/arbitraries.ts';
import { loadFixtureTable } from '../voice/table-fixture.ts';
import { expectOnlyDecodeError } from '../../support/codec-checks.ts';

const table = loadFixtureTable();
const symbols = fc.string({ unit: fc.constantFrom(...'0123456789*#'.split('')), maxLength: 80 });

describe('keypad letters (ITU-T E.161 §2 letter groups)', () => {
  it.each([
    ['A', '21'],
    ['C', '23'],
    ['S', '74'],
    ['Z', '94'],
    ['0', '00'],
    ['9', '09'],
    [' ', '10'],
    ['PIN 42', '714362100402'],
  ])('%s <-> %s', (text, digits) => {
    expect(encodeKeypadText(text)).toBe(digits);
    expect(decodeKeypadText(digits)).toBe(text);
  });

  it('rejects odd lengths and pairs with no character', () => {
    expect(() => decodeKeypadText('215')).toThrow(
      expect.objectContaining({ code: 'KEYPAD_ODD_TEXT' }),
    );
    expect(() => decodeKeypadText('25')).toThrow(
      expect.objectContaining({ code: 'KEYPAD_BAD_LETTER' }),
    );
    expect(() => decodeKeypadText('79')).toThrow(
      expect.objectContaining({ code: 'KEYPAD_BAD_LETTER' }),
    );
    expect(() => encodeKeypadText('a')).toThrow(RangeError);
  });
});

describe('keypad codec', () => {
  it('encodes the payRequest example: the source account digits follow its field marker', () => {
    const request = {
      commandId: 10,
      params: { 1: '123456789', 2: '987654321', 3: 2500, 4: 'AB1' },
    };
    const digits = encodeKeypadRequest(table, request);
    expect(digits).toBe('10*01123456789*02987654321*032500*04212201#');
    expect(decodeKeypadRequest(table, digits)).toEqual(request);
  });

  it('encodes a payResponse with status and transactionNumber', () => {
    const response = { responseId: 11, params: { 1: '0', 2: '4711' } };
    expect(encodeKeypadResponse(table, response)).toBe('11*010*024711#');
    expect(decodeKeypadResponse(table, '11*010*024711#')).toEqual(response);
  });

  it.each([
    ['', 'KEYPAD_NO_TERMINATOR'],
    ['10*01123', 'KEYPAD_NO_TERMINATOR'],
    ['10*0112#3', 'KEYPAD_TRAILING'],
    ['10*01A#', 'KEYPAD_BAD_SYMBOL'],
    ['010*01123#', 'KEYPAD_BAD_ID'],
    ['77*01123#', 'KEYPAD_UNKNOWN_ID'],
    ['10*1#', 'KEYPAD_BAD_FIELD'],
    ['10*09123#', 'KEYPAD_UNKNOWN_PARAM'],
    ['10*02123*01123*031#', 'KEYPAD_FIELD_ORDER'],
    ['10*01123*02123*0301#', 'KEYPAD_BAD_AMOUNT'],
    ['10*01123*02123*03#', 'KEYPAD_EMPTY_FIELD'],
    ['10*01123*02123*031*04215#', 'KEYPAD_ODD_TEXT'],
    ['10*01123*02123#', 'KEYPAD_MISSING_PARAM'],
    ['10*01' + '1'.repeat(20) + '*02123*031#', 'KEYPAD_BAD_PARAM'],
  ])('rejects %s with %s', (text, code) => {
    expect(() => decodeKeypadRequest(table, text)).toThrow(expect.objectContaining({ code }));
  });

  it('round-trips every valid request and response', () => {
    fc.assert(
      fc.property(arbitraryRequest(table), (request) => {
        expect(decodeKeypadRequest(table, encodeKeypadRequest(table, request))).toEqual(request);
      }),
      { seed: 161, numRuns: 500 },
    );
    fc.assert(
      fc.property(arbitraryResponse(table), (response) => {
        expect(decodeKeypadResponse(table, encodeKeypadResponse(table, response))).toEqual(
          response,
        );
      }),
      { seed: 162, numRuns: 500 },
    );
  });

  it('rejects every truncation of an encoded request', () => {
    const digits = encodeKeypadRequest(table, {
      commandId: 10,
      params: { 1: '12', 2: '34', 3: 5 },
    });
    for (let n = 0; n < digits.length; n++) {
      expect(() => decodeKeypadRequest(table, digits.slice(0, n))).toThrow(DecodeError);
    }
  });

  it('sees only DecodeError on random keypad strings', () => {
    fc.assert(
      fc.property(symbols, (text) => {
        expectOnlyDecodeError(() => decodeKeypadRequest(table, text));
        expectOnlyDecodeError(() => decodeKeypadResponse(table, text));
      }),
      { seed: 163, numRuns: 2000 },
    );
  });
});
