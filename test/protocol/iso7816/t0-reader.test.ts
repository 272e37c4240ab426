// Reader side of T=0 (ISO/IEC 7816-3 §10.3.3, TS 102 221 §7.3.1): APDU to TPDU mapping,
// procedure bytes, GET RESPONSE after 61xx/9Fxx, re-send after 6Cxx, and faults.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { expectOnlyDecodeError } from '../../support/codec-checks.ts';
import { commandApdu, type CommandApdu } from '../../../protocol/iso7816/apdu.ts';
import {
  getResponseCla,
  t0ReaderReceive,
  t0ReaderStart,
  type T0ReaderAction,
  type T0ReaderOptions,
  type T0ReaderState,
} from '../../../protocol/iso7816/t0-reader.ts';

/** Runs a reader against a scripted card: `script` lists the card's answers in order. */
function run(apdu: CommandApdu, script: readonly string[], options: T0ReaderOptions = {}) {
  const start = t0ReaderStart(apdu, options);
  let state: T0ReaderState = start.state;
  const log: string[] = [];
  const record = (actions: readonly T0ReaderAction[]) => {
    for (const a of actions) log.push(a.kind === 'send' ? '> ' + toHex(a.bytes) : a.kind);
  };
  record(start.actions);
  for (const chunk of script) {
    const step = t0ReaderReceive(state, fromHex(chunk));
    state = step.state;
    record(step.actions);
  }
  return { state, log };
}

const doneOf = (state: T0ReaderState) => {
  expect(state.done).toBe(true);
  return state;
};

describe('T=0 reader', () => {
  it('GSM SELECT: header, data on ACK, NULL bytes, 9F16, then A0 C0 00 00 16', () => {
    const apdu = commandApdu(0xa0, 0xa4, 0, 0, fromHex('3f00'));
    const { state, log } = run(apdu, ['60a4', '6060', '9f16', '60c0' + '11'.repeat(22) + '9000']);
    expect(log).toEqual([
      '> a0a4000002',
      'wait',
      '> 3f00',
      'wait',
      'wait',
      '> a0c0000016',
      'wait',
      'done',
    ]);
    doneOf(state);
    expect(toHex(state.collected)).toBe('11'.repeat(22));
    expect(
      state.exchanges.map((e) => [
        toHex(e.dataToCard),
        e.dataFromCard.length,
        e.sw.toString(16),
        e.nullBytes,
      ]),
    ).toEqual([
      ['3f00', 0, '9f16', 3],
      ['', 22, '9000', 1],
    ]);
  });

  it('sends data one byte at a time on ~INS and reads one byte at a time', () => {
    const update = commandApdu(0x00, 0xd6, 0, 0, fromHex('aabbcc'));
    expect(run(update, ['29', '29', '29', '9000']).log).toEqual([
      '> 00d6000003',
      '> aa',
      '> bb',
      '> cc',
      'done',
    ]);
    const read = commandApdu(0x00, 0xb0, 0, 0, undefined, 2);
    const { state } = run(read, ['4f01', '4f', '02', '9000']);
    expect(toHex(doneOf(state).collected)).toBe('0102');
  });

  it('re-sends with P3 = xx after 6Cxx, and maps Ne 256 to P3 00', () => {
    const read = commandApdu(0x00, 0xb2, 1, 4, undefined, 256);
    const { state, log } = run(read, ['6cb0', 'b2' + 'ff'.repeat(176) + '9000']);
    expect(log).toEqual(['> 00b2010400', '> 00b20104b0', 'done']);
    expect(doneOf(state).collected.length).toBe(176);
  });

  it('fetches 61xx data with GET RESPONSE on the same logical channel', () => {
    const envelope = commandApdu(0x80, 0xc2, 0, 0, fromHex('d1'), 256);
    expect(run(envelope, ['c2', '6102', 'c0abcd9000']).log).toEqual([
      '> 80c2000001',
      '> d1',
      '> 00c0000002',
      'done',
    ]);
    expect(getResponseCla(0x03)).toBe(0x03);
    expect(getResponseCla(0x81)).toBe(0x01);
    expect(getResponseCla(0x45)).toBe(0x45);
    expect(getResponseCla(0xc6)).toBe(0x46);
    expect(getResponseCla(0xa0)).toBe(0xa0);
  });

  it('returns 61xx, 6Cxx, 91xx and errors to the caller when so configured', () => {
    const select = commandApdu(0x00, 0xa4, 0, 4, fromHex('3f00'), 256);
    const off = { getResponse: false, resendOnWrongLe: false };
    const a = run(select, ['a4', '612f'], off).state;
    expect(doneOf(a).exchanges.at(-1)?.sw).toBe(0x612f);
    const b = run(commandApdu(0, 0xb0, 0, 0, undefined, 8), ['6c04'], off).state;
    expect(doneOf(b).exchanges.at(-1)?.sw).toBe(0x6c04);
    const c = run(commandApdu(0x80, 0x14, 0, 0, fromHex('81')), ['14', '911a']).state;
    expect(doneOf(c).exchanges.length).toBe(1);
    const d = run(select, ['6a82']).state;
    expect(doneOf(d).exchanges[0]?.dataToCard.length).toBe(0);
  });

  it('rejects a bad procedure byte, an ACK with nothing to move, and bytes after the end', () => {
    const read = commandApdu(0, 0xb0, 0, 0, undefined, 1);
    expect(() => run(read, ['00'])).toThrow(
      expect.objectContaining({ code: 'T0_BAD_PROCEDURE_BYTE' }),
    );
    expect(() => run(read, ['b001b0'])).toThrow(
      expect.objectContaining({ code: 'T0_UNEXPECTED_ACK' }),
    );
    expect(() => run(commandApdu(0xa0, 0x04, 0, 0), ['04'])).toThrow(
      expect.objectContaining({ code: 'T0_UNEXPECTED_ACK' }),
    );
    expect(() => run(read, ['b0019000', '90'])).toThrow(
      expect.objectContaining({ code: 'T0_UNEXPECTED_BYTE' }),
    );
  });

  it('gives up on a card that keeps announcing more data', () => {
    const read = commandApdu(0, 0xb0, 0, 0, undefined, 1);
    const endless = Array.from({ length: 20 }, () => 'b0016101').map((x, i) =>
      i === 0 ? x : 'c0016101',
    );
    expect(() => run(read, endless, { maxTpdus: 10 })).toThrow(
      expect.objectContaining({ code: 'T0_TOO_MANY_TPDUS' }),
    );
  });

  it('refuses an APDU T=0 cannot carry', () => {
    expect(() => t0ReaderStart(commandApdu(0, 0xd6, 0, 0, new Uint8Array(256)))).toThrow(
      RangeError,
    );
    expect(() => t0ReaderStart(commandApdu(0, 0xb0, 0, 0, undefined, 257))).toThrow(RangeError);
  });

  it('sees only DecodeError for random card bytes (fast-check, seeded)', () => {
    const apdus = [
      commandApdu(0xa0, 0xa4, 0, 0, fromHex('3f00')),
      commandApdu(0x00, 0xb0, 0, 0, undefined, 256),
      commandApdu(0x80, 0xc2, 0, 0, fromHex('d10100'), 256),
      commandApdu(0xa0, 0xfa, 0, 0),
    ];
    const chunks = fc.array(fc.uint8Array({ minLength: 1, maxLength: 20 }), { maxLength: 30 });
    fc.assert(
      fc.property(fc.constantFrom(...apdus), chunks, (apdu, input) => {
        let state = t0ReaderStart(apdu, { maxTpdus: 20 }).state;
        expectOnlyDecodeError(() => {
          for (const chunk of input) state = t0ReaderReceive(state, chunk).state;
        });
      }),
      { numRuns: 1500, seed: 103 },
    );
  });
});
