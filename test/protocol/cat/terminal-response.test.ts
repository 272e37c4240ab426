// ETSI TS 102 223 §6.8 TERMINAL RESPONSE: command details echo, device identities 82 -> 81,
// result (§8.12) and the per-command objects, with TS 102 384 §27.22.4 expected responses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  ResultCode,
  TerminalProblem,
  decodeProactiveCommand,
  decodeTerminalResponse,
  encodeTerminalResponse,
  isSuccessfulResult,
  terminalResponseTo,
} from '../../../protocol/cat/index.ts';
import {
  expectEveryTruncationDecodesOrRejects,
  expectEveryTruncationRejected,
  fuzzDecoder,
} from '../../support/codec-checks.ts';

const examples: [string, Record<string, unknown>, string][] = [
  [
    '81030121808202828183 0100',
    { command: { commandNumber: 1, commandType: 0x21, qualifier: 0x80 }, result: { code: 0 } },
    'DISPLAY TEXT 1.1',
  ],
  [
    '810301230082028281830100 8d0604 3132333435',
    { text: { coding: 'gsm8', text: '12345' } },
    'GET INPUT 1.1',
  ],
  [
    '810301230082028281830100 8d0104',
    { text: { coding: 'gsm8', text: '' } },
    'GET INPUT, empty input',
  ],
  [
    '810301230082028281830110',
    { result: { code: ResultCode.sessionTerminatedByUser } },
    'GET INPUT, session ended',
  ],
  ['810301240082028281830100 900102', { itemIdentifier: 2 }, 'SELECT ITEM 1.1'],
  [
    '810301240082028281830111',
    { result: { code: ResultCode.backwardMove } },
    'SELECT ITEM, backward move',
  ],
  [
    '81030113008202828183022001',
    { result: { code: 0x20, additionalInfo: fromHex('01') } },
    'terminal unable, screen busy',
  ],
  [
    '8103011000820282818302 2002',
    {
      result: {
        code: ResultCode.terminalUnableToProcess,
        additionalInfo: Uint8Array.of(TerminalProblem.busyOnCall),
      },
    },
    'SET UP CALL, busy on call',
  ],
  [
    '810301030082028281830100 8402001e',
    { duration: { unit: 'minutes', interval: 30 } },
    'POLL INTERVAL',
  ],
  [
    '810301210082028281830132',
    { result: { code: ResultCode.commandDataNotUnderstood } },
    'command data not understood',
  ],
].map(([hex, fields, what]) => [
  (hex as string).replace(/ /g, ''),
  fields as Record<string, unknown>,
  what as string,
]);

describe('TERMINAL RESPONSE (TS 102 223 §6.8)', () => {
  it.each(examples)('%s', (hex, fields) => {
    const response = decodeTerminalResponse(fromHex(hex));
    expect(response).toMatchObject(fields);
    expect(toHex(encodeTerminalResponse(response))).toBe(hex);
  });

  it('answers a fetched command with its command details echoed', () => {
    const selectItem = decodeProactiveCommand(
      fromHex(
        'd03d810301240082028182850e546f6f6c6b69742053656c6563748f07014974656d20318f07024974656d20328f07034974656d20338f07044974656d2034',
      ),
    );
    const response = terminalResponseTo(
      selectItem,
      { code: ResultCode.success },
      { itemIdentifier: 2 },
    );
    expect(toHex(encodeTerminalResponse(response))).toBe('810301240082028281830100900102');
    const sms = decodeProactiveCommand(fromHex('d0158103051301820281838b0a0100039121f30004016f'));
    expect(toHex(encodeTerminalResponse(terminalResponseTo(sms, { code: 0 })))).toBe(
      '810305130182028281830100',
    );
  });

  it('keeps a null text string apart from an absent one, and unknown objects in order', () => {
    expect(decodeTerminalResponse(fromHex('8103012300820282818301128d00')).text).toBeNull();
    expect(decodeTerminalResponse(fromHex('810301230082028281830112')).text).toBeUndefined();
    const other = decodeTerminalResponse(
      fromHex('8103012600820282818301009307 00f11000010010'.replace(' ', '')),
    );
    expect(other.otherObjects?.map((o) => o.tag)).toEqual([0x13]);
    expect(toHex(encodeTerminalResponse(other))).toBe('810301260082028281830100930700f11000010010');
  });

  it('classifies results', () => {
    expect(isSuccessfulResult(ResultCode.success)).toBe(true);
    expect(isSuccessfulResult(ResultCode.iconNotDisplayed)).toBe(true);
    expect(isSuccessfulResult(ResultCode.sessionTerminatedByUser)).toBe(false);
    expect(isSuccessfulResult(ResultCode.bearerIndependentProtocolError)).toBe(false);
  });

  it.each([
    ['8202828183 0100', 'CAT_MISSING_OBJECT'],
    ['81030121808202828183 00', 'CAT_BAD_LENGTH'],
    ['810301218082028281', 'CAT_MISSING_OBJECT'],
    ['810201218202828183 0100', 'CAT_BAD_LENGTH'],
  ])('rejects %s with %s', (hex, code) => {
    expect(() => decodeTerminalResponse(fromHex(hex))).toThrow(expect.objectContaining({ code }));
  });

  it('rejects every truncation before the result; later ones decode or are rejected', () => {
    for (const [hex] of examples) {
      const bytes = fromHex(hex);
      expectEveryTruncationRejected(bytes.subarray(0, 12), decodeTerminalResponse);
      expectEveryTruncationDecodesOrRejects(bytes, decodeTerminalResponse);
    }
    expect(() => decodeTerminalResponse(fromHex('8103012300820282818301008d06043132'))).toThrow(
      expect.objectContaining({ code: 'CTLV_TRUNCATED' }),
    );
  });

  it('round-trips generated responses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 0x3d }),
        fc.uint8Array({ maxLength: 4 }),
        fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
        (n, code, info, item) => {
          const response = {
            command: { commandNumber: n, commandType: 0x24, qualifier: 0 },
            result: info.length > 0 ? { code, additionalInfo: info } : { code },
            ...(item === undefined ? {} : { itemIdentifier: item }),
          };
          expect(decodeTerminalResponse(encodeTerminalResponse(response))).toEqual(response);
        },
      ),
      { seed: 6800, numRuns: 500 },
    );
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder(decodeTerminalResponse, { seed: 6801 });
    fuzzDecoder(
      (b) => decodeTerminalResponse(Uint8Array.of(...fromHex('810301230082028281830100'), ...b)),
      {
        seed: 6802,
        maxLength: 60,
      },
    );
  });
});
