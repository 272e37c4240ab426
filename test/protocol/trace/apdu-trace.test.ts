// The text form of SIM traces: ISO/IEC 7816-3 §10.3.2 TPDUs with the card's response.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, toHex } from '../../../protocol/bytes/index.ts';
import { formatApduTrace, parseApduTrace, type TraceEntry } from '../../../protocol/trace/index.ts';
import { expectOnlyDecodeError } from '../../support/codec-checks.ts';

const view = (entries: readonly TraceEntry[]) =>
  entries.map((e) =>
    e.kind === 'atr'
      ? { atr: toHex(e.atr) }
      : { command: toHex(e.command), response: toHex(e.response) },
  );

describe('APDU trace text', () => {
  it('reads ATR, command and response lines, comments and continuations', () => {
    const text = [
      '# start-up',
      'atr 3B 93 96 00 80 31 E0',
      '',
      '> 00 A4 00 04 02 3F 00   # SELECT MF (TS 102 221 §11.1.1)',
      '< 61 2F',
      '> 00 c0 00 00 02',
      '< 62 01',
      '  90 00',
      'ATR 3b02',
    ].join('\n');
    expect(view(parseApduTrace(text))).toEqual([
      { atr: '3b9396008031e0' },
      { command: '00a40004023f00', response: '612f' },
      { command: '00c0000002', response: '62019000' },
      { atr: '3b02' },
    ]);
  });

  it('accepts CRLF line ends and an empty trace', () => {
    expect(view(parseApduTrace('> 80 F2 00 0C 00\r\n< 91 2A\r\n'))).toEqual([
      { command: '80f2000c00', response: '912a' },
    ]);
    expect(parseApduTrace('# nothing\n\n')).toEqual([]);
  });

  const errors: [string, string, string, number][] = [
    ['TRACE_BAD_LINE', 'x 00', 'line 1', 0],
    ['TRACE_STRAY_CONTINUATION', '# c\n  00 A4', 'line 2', 4],
    ['TRACE_BAD_HEX', '> 00 A4 00 04 0G', 'line 1', 0],
    ['TRACE_BAD_HEX', '> 00 A4 00 04 0', 'line 1', 0],
    ['TRACE_RESPONSE_WITHOUT_COMMAND', '< 90 00', 'line 1', 0],
    ['TRACE_MISSING_RESPONSE', '> 00 A4 00 04 02 3F 00\n> 00 C0 00 00 2F', 'line 1', 0],
    ['TRACE_MISSING_RESPONSE', '#\n> 00 A4 00 04 02 3F 00', 'line 2', 2],
    ['TRACE_BAD_COMMAND', '> 00 A4 00\n< 90 00', 'line 1', 0],
    ['TRACE_P3_MISMATCH', '> 00 A4 00 04 02 3F\n< 90 00', 'line 1', 0],
    ['TRACE_BAD_RESPONSE', '> 00 A4 00 04 02 3F 00\n< 90', 'line 2', 23],
    ['TRACE_DATA_BOTH_WAYS', '> 00 A4 00 04 02 3F 00\n< 01 90 00', 'line 2', 23],
    ['TRACE_LE_MISMATCH', '> 00 B0 00 00 02\n< 01 90 00', 'line 2', 17],
    ['TRACE_BAD_ATR', 'atr 3B', 'line 1', 0],
  ];
  it.each(errors)('%s: %j', (code, text, line, offset) => {
    try {
      parseApduTrace(text);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(DecodeError);
      expect(error).toMatchObject({ code, offset });
      expect((error as Error).message).toContain(`: ${line}: `);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('takes P3 = 00 on a command without data as Le = 256', () => {
    const data = ' 00'.repeat(256);
    expect(parseApduTrace(`> 00 B0 00 00 00\n<${data} 90 00`)[0]).toMatchObject({ kind: 'apdu' });
  });

  it('writes what it reads, wrapping long lines', () => {
    const record = new Uint8Array(181).fill(0xff);
    record.set([0xa0, 0xdc, 0x01, 0x04, 0xb0]);
    const entries: TraceEntry[] = [
      { kind: 'atr', atr: Uint8Array.of(0x3b, 0x02, 0x14, 0x50) },
      { kind: 'apdu', command: record, response: Uint8Array.of(0x90, 0x00) },
    ];
    const text = formatApduTrace(entries, ['written by a test', '']);
    expect(text.split('\n').slice(0, 4)).toEqual([
      '# written by a test',
      '#',
      'atr 3B 02 14 50',
      '> A0 DC 01 04 B0' + ' FF'.repeat(19),
    ]);
    expect(text.split('\n').every((l) => l.length <= 80)).toBe(true);
    expect(view(parseApduTrace(text))).toEqual(view(entries));
  });

  it('round-trips random well-formed entries (seeded)', () => {
    const apdu = fc
      .record({
        header: fc.uint8Array({ minLength: 4, maxLength: 4 }),
        data: fc.uint8Array({ minLength: 1, maxLength: 255 }),
        sw: fc.uint8Array({ minLength: 2, maxLength: 2 }),
      })
      .map(({ header, data, sw }): TraceEntry => ({
        kind: 'apdu',
        command: Uint8Array.from([...header, data.length, ...data]),
        response: sw,
      }));
    const atr = fc
      .uint8Array({ minLength: 2, maxLength: 33 })
      .map((a): TraceEntry => ({ kind: 'atr', atr: a }));
    fc.assert(
      fc.property(fc.array(fc.oneof(apdu, atr), { maxLength: 8 }), (entries) => {
        expect(view(parseApduTrace(formatApduTrace(entries)))).toEqual(view(entries));
      }),
      { seed: 7816, numRuns: 300 },
    );
  });

  it('every truncation parses or fails with DecodeError', () => {
    const text = formatApduTrace([
      { kind: 'atr', atr: Uint8Array.of(0x3b, 0x02, 0x14, 0x50) },
      { kind: 'apdu', command: new Uint8Array(60).fill(0x11), response: Uint8Array.of(0x90, 0) },
    ]);
    for (let n = 0; n < text.length; n++)
      expectOnlyDecodeError(() => parseApduTrace(text.slice(0, n)));
  });

  it('random text only ever raises DecodeError (seeded)', () => {
    const alphabet = fc.constantFrom(...'<>#atr 0123456789ABCDEFxg\n\r\t'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }), (chars) => {
        expectOnlyDecodeError(() => parseApduTrace(chars.join('')));
      }),
      { seed: 102221, numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expectOnlyDecodeError(() => parseApduTrace(text));
      }),
      { seed: 7816, numRuns: 1000 },
    );
  });

  it('refuses text above its size limit', () => {
    expect(() => parseApduTrace('#'.repeat(4_000_001))).toThrow(
      expect.objectContaining({ code: 'TRACE_TOO_LONG' }),
    );
  });
});
