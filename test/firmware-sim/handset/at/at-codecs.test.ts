// The AT codecs on untrusted input: V.250 §5.2-§5.4 command lines, the §5.2.1 input stream with
// TS 27.005 message entry, and the TS 27.005 §3 PDU entry with its SMSC prefix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../../firmware-sim/handset/at/at-command-line.ts';
import { AtInput } from '../../../../firmware-sim/handset/at/at-input.ts';
import {
  parsePduEntry,
  parseStat,
  pduOf,
  textSubmit,
} from '../../../../firmware-sim/handset/at/at-sms-format.ts';
import { fromTe, toTe } from '../../../../firmware-sim/handset/at/at-charset.ts';
import { toHex } from '../../../../protocol/bytes/index.ts';
import { expectOnlyDecodeError, fuzzDecoder } from '../../../support/codec-checks.ts';

describe('command lines (V.250 §5.2-§5.4)', () => {
  const table: [string, string][] = [
    ['AT', '[]'],
    ['ATE0', 'E:exec:0:0'],
    ['ATI', 'I:exec::'],
    ['at+cmgf=1', '+CMGF:set:1:1'],
    ['AT+CPIN?', '+CPIN:read::'],
    ['AT+CSCS=?', '+CSCS:test::'],
    ['AT+CPIN="1234"', '+CPIN:set:"1234":1234'],
    ['AT+CPMS="SM","ME","SM"', '+CPMS:set:"SM","ME","SM":SM|ME|SM'],
    ['AT+CMGS="+4912345",145', '+CMGS:set:"+4912345",145:+4912345|145'],
    ['ATE0;+CMEE=1', 'E:exec:0:0 +CMEE:set:1:1'],
    ['ATD+4912345;', 'D:exec:+4912345;:'],
    ['AT&F', '&F:exec::'],
    ['AT+CMGD=1,4', '+CMGD:set:1,4:1|4'],
    ['AT$TSSPCSW=?', '$TSSPCSW:test::'],
  ];
  it.each(table)('%s', (line, expected) => {
    const parsed = parseCommandLine(line);
    const text = parsed.map((c) => `${c.name}:${c.form}:${c.value}:${c.args.join('|')}`);
    expect(text.length === 0 ? '[]' : text.join(' ')).toBe(expected);
  });

  it('rejects lines without AT and unterminated strings with DecodeError', () => {
    expect(() => parseCommandLine('HELLO')).toThrow(/starts with AT/);
    expect(() => parseCommandLine('AT+CPIN="12')).toThrow(/unterminated/);
  });

  it('only ever throws DecodeError on random lines', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (tail) => {
        expectOnlyDecodeError(() => parseCommandLine(`AT${tail}`));
      }),
      { numRuns: 3000, seed: 27007 },
    );
  });
});

describe('input stream (V.250 §5.2.1, TS 27.005 §3.5.1)', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('splits lines on CR, ignores LF and applies backspace', () => {
    const input = new AtInput();
    expect(input.push(bytes('AT\r\nATX\bI\r'))).toEqual([
      { kind: 'line', text: 'AT' },
      { kind: 'line', text: 'ATI' },
    ]);
  });

  it('collects a message until Ctrl-Z, or cancels on ESC', () => {
    const input = new AtInput();
    input.startMessage();
    expect(input.push(bytes('hello\x1a'))).toEqual([{ kind: 'message', text: 'hello' }]);
    input.startMessage();
    expect(input.push(bytes('no\x1b'))).toEqual([{ kind: 'cancel' }]);
  });

  it('gives the same events for every split of the input', () => {
    const all = bytes('AT+CMGF=1\rAT+CSQ\r');
    for (let cut = 0; cut <= all.length; cut++) {
      const input = new AtInput();
      const events = [...input.push(all.slice(0, cut)), ...input.push(all.slice(cut))];
      expect(events.map((e) => (e.kind === 'line' ? e.text : e.kind))).toEqual([
        'AT+CMGF=1',
        'AT+CSQ',
      ]);
    }
  });
});

describe('PDU entry (TS 27.005 §3.5.1)', () => {
  const tpdu = textSubmit('hello', '+4912345');

  it('reads the SMSC prefix, or 00 for the default service centre', () => {
    const withSc = parsePduEntry(`0391940${'0'}${toHex(tpdu)}`, tpdu.length);
    expect(withSc.serviceCentre).toBe('+4900');
    expect(toHex(withSc.tpdu)).toBe(toHex(tpdu));
    expect(parsePduEntry(`00${toHex(tpdu)}`, tpdu.length).serviceCentre).toBeUndefined();
  });

  it('round-trips a stored message through pduOf', () => {
    const pdu = pduOf({ status: 2, serviceCentre: '+4900', tpdu });
    expect(pdu.length).toBe(tpdu.length);
    expect(toHex(parsePduEntry(pdu.hex, pdu.length).tpdu)).toBe(toHex(tpdu));
  });

  it('rejects a length that does not match, and random input only with DecodeError', () => {
    expect(() => parsePduEntry(`00${toHex(tpdu)}`, tpdu.length + 1)).toThrow(/TPDU of/);
    fuzzDecoder((b) => parsePduEntry(toHex(b), Math.max(0, b.length - 1)), { numRuns: 1000 });
  });

  it('reads <stat> as a digit or a name', () => {
    expect([parseStat('0'), parseStat('ALL'), parseStat('rec read'), parseStat('9')]).toEqual([
      0,
      4,
      1,
      undefined,
    ]);
  });
});

describe('character sets (TS 27.007 §5.5)', () => {
  it('converts UCS2 and HEX strings both ways', () => {
    expect(toTe('+49', 'UCS2')).toBe('002B00340039');
    expect(fromTe('002B00340039', 'UCS2')).toBe('+49');
    expect(fromTe('414243', 'HEX')).toBe('ABC');
    expect(() => fromTe('0041X', 'UCS2')).toThrow(/UCS2 hex/);
  });
});
