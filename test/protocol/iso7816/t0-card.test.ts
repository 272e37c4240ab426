// Card side of T=0 (ISO/IEC 7816-3 §10.3, TS 102 221 §7.2, TS 51.011 §9.2 GET RESPONSE after
// 9Fxx): byte-exact exchanges, PPS after the ATR, NULL bytes, and fuzzing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  initialT0CardState,
  t0CardIsBusy,
  t0CardNullByte,
  t0CardReceive,
  t0CardRespond,
  type T0CardOptions,
  type T0CardOutput,
  type T0CardState,
} from '../../../protocol/iso7816/t0-card.ts';
import { expectOnlyDecodeError } from '../../support/codec-checks.ts';

/** Transmitted bytes of a step, as hex. */
const sent = (outputs: readonly T0CardOutput[]): string =>
  outputs.map((o) => (o.kind === 'transmit' ? toHex(o.bytes) : '')).join('');
const commands = (outputs: readonly T0CardOutput[]) =>
  outputs.flatMap((o) => (o.kind === 'command' ? [o] : []));

/** A card past its first command, so that FF is no longer PPSS. */
function card(hex: string, state = initialT0CardState(), options: T0CardOptions = {}) {
  return t0CardReceive(state, fromHex(hex), options);
}

describe('T=0 card: GSM class (TS 51.011 §9.2)', () => {
  it('SELECT: ACK, command, 9Fxx, then GET RESPONSE serves the data', () => {
    const header = card('a0a4000002');
    expect(sent(header.outputs)).toBe('a4');
    const data = card('3f00', header.state);
    expect(sent(data.outputs)).toBe('');
    const [cmd] = commands(data.outputs);
    expect(cmd?.name).toBe('SELECT');
    expect(toHex(cmd!.command.data)).toBe('3f00');
    expect(cmd!.command.ne).toBeUndefined();
    expect(t0CardIsBusy(data.state)).toBe(true);
    const fci = fromHex('000000003f000100000000000a13000a0400838a808a');
    const answered = t0CardRespond(data.state, { data: fci, sw: 0x9000 });
    expect(sent(answered.outputs)).toBe('9f16');
    const getResponse = card('a0c0000016', answered.state);
    expect(sent(getResponse.outputs)).toBe('c0' + toHex(fci) + '9000');
    expect(commands(getResponse.outputs)).toEqual([]);
    expect(getResponse.state.pending).toBeUndefined();
  });

  it('GET RESPONSE for fewer bytes keeps the rest behind 9Fxx; for more answers 67 La', () => {
    const s = card('3f00', card('a0a4000002').state).state;
    const pending = t0CardRespond(s, { data: fromHex('0102030405'), sw: 0x9000 }).state;
    expect(sent(card('a0c0000009', pending).outputs)).toBe('6705');
    const part = card('a0c0000002', pending);
    expect(sent(part.outputs)).toBe('c001029f03');
    expect(sent(card('a0c0000003', part.state).outputs)).toBe('c00304059000');
  });

  it('READ BINARY of exactly Le bytes, and 256 bytes for P3 = 00', () => {
    const s = card('a0b0000004');
    const [cmd] = commands(s.outputs);
    expect(cmd!.command.ne).toBe(4);
    expect(sent(t0CardRespond(s.state, { data: fromHex('01020304'), sw: 0x9000 }).outputs)).toBe(
      'b0010203049000',
    );
    const big = card('a0b0000000');
    expect(commands(big.outputs)[0]!.command.ne).toBe(256);
    const out = t0CardRespond(big.state, { data: new Uint8Array(256).fill(7), sw: 0x9000 });
    expect(sent(out.outputs)).toBe('b0' + '07'.repeat(256) + '9000');
  });

  it('answers a case 1 command with its status word, and 6700 when P3 is not 0', () => {
    const s = card('a0040000' + '00');
    expect(commands(s.outputs)[0]?.name).toBe('INVALIDATE');
    expect(sent(t0CardRespond(s.state, { data: new Uint8Array(0), sw: 0x9000 }).outputs)).toBe(
      '9000',
    );
    expect(sent(card('a004000001').outputs)).toBe('6700');
  });
});

describe('T=0 card: UICC class (TS 102 221 §7.2)', () => {
  it('answers a wrong Le with 6Cxx and serves the re-sent command', () => {
    const s = card('00b2010400');
    const wrong = t0CardRespond(s.state, { data: new Uint8Array(176).fill(0xff), sw: 0x9000 });
    expect(sent(wrong.outputs)).toBe('6cb0');
    const again = card('00b20104b0', wrong.state);
    expect(commands(again.outputs)[0]!.command.ne).toBe(176);
    const out = t0CardRespond(again.state, { data: new Uint8Array(176).fill(0xff), sw: 0x9000 });
    expect(sent(out.outputs)).toBe('b2' + 'ff'.repeat(176) + '9000');
  });

  it('ENVELOPE (case 4) with response data: 61xx, then 00 C0 serves it', () => {
    const s = card('00', card('80c2000003d101').state);
    expect(sent(card('80c2000003').outputs)).toBe('c2');
    const [cmd] = commands(s.outputs);
    expect(cmd!.command.ne).toBe(256);
    const answered = t0CardRespond(s.state, { data: fromHex('abcd'), sw: 0x9000 });
    expect(sent(answered.outputs)).toBe('6102');
    expect(sent(card('00c0000003', answered.state).outputs)).toBe('6c02');
    expect(sent(card('00c0000002', answered.state).outputs)).toBe('c0abcd9000');
  });

  it('chains response data longer than 256 bytes through 61xx', () => {
    const s = card('80c2000001', undefined).state;
    const busy = card('01', s).state;
    const data = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const first = t0CardRespond(busy, { data, sw: 0x911a });
    expect(sent(first.outputs)).toBe('6100');
    const chunk = card('00c0000000', first.state);
    expect(sent(chunk.outputs)).toBe('c0' + toHex(data.subarray(0, 256)) + '612c');
    expect(sent(card('00c000002c', chunk.state).outputs)).toBe(
      'c0' + toHex(data.subarray(256)) + '911a',
    );
  });

  it('drops pending data when another command comes', () => {
    const s = card('01', card('80c2000001').state).state;
    const pending = t0CardRespond(s, { data: fromHex('ab'), sw: 0x9000 }).state;
    const other = card('80f2000010', pending);
    expect(other.state.pending).toBeUndefined();
    expect(commands(other.outputs)[0]?.name).toBe('STATUS');
  });

  it('acknowledges byte by byte with ~INS when asked to', () => {
    const o: T0CardOptions = { ack: 'one-by-one' };
    const h = card('00d6000003', undefined, o);
    expect(sent(h.outputs)).toBe('29');
    const b1 = card('aa', h.state, o);
    expect(sent(b1.outputs)).toBe('29');
    const b3 = card('bbcc', b1.state, o);
    expect(sent(b3.outputs)).toBe('29');
    expect(toHex(commands(b3.outputs)[0]!.command.data)).toBe('aabbcc');
    const read = card('00b0000002', undefined, o);
    expect(sent(t0CardRespond(read.state, { data: fromHex('0102'), sw: 0x9000 }, o).outputs)).toBe(
      '4f014f029000',
    );
  });

  it('answers 6D00 and 6E00 itself (REFERENCE-SIM §1.5)', () => {
    const ins = card('a077000000');
    expect(sent(ins.outputs)).toBe('6d00');
    expect(commands(ins.outputs)).toEqual([]);
    expect(sent(card('20a4000002').outputs)).toBe('6e00');
    expect(sent(card('00a4000002', ins.state).outputs)).toBe('a4');
  });
});

describe('T=0 card: PPS, NULL bytes and faults', () => {
  it('echoes a PPS request right after the ATR (§9.3)', () => {
    const s = card('ff1011fe');
    expect(sent(s.outputs)).toBe('ff1011fe');
    expect(s.outputs[1]).toEqual({
      kind: 'pps',
      request: { protocol: 0, pps1: 0x11 },
      response: { protocol: 0, pps1: 0x11 },
    });
    expect(sent(card('a0f2000016', s.state).outputs)).toBe('');
  });

  it('stays mute for a PPS asking for T=1, and takes FF as a CLA once the first command came', () => {
    const mute = card('ff1111ff');
    expect(sent(mute.outputs)).toBe('');
    expect(mute.outputs[0]).toMatchObject({ kind: 'pps', request: { protocol: 1 } });
    const after = card(
      'ffa4000000',
      t0CardRespond(card('a0f2000000').state, { data: new Uint8Array(0), sw: 0x9000 }).state,
    );
    expect(sent(after.outputs)).toBe('6e00');
  });

  it('rejects a PPS with a bad PCK', () => {
    expect(() => card('ff1011ff')).toThrow(expect.objectContaining({ code: 'PPS_BAD_PCK' }));
  });

  it('offers the NULL byte only while the application holds the command', () => {
    const idle = initialT0CardState();
    expect(t0CardNullByte(idle).length).toBe(0);
    const header = card('00d6000002');
    expect(t0CardNullByte(header.state).length).toBe(0);
    const busy = card('0102', header.state).state;
    expect(toHex(t0CardNullByte(busy))).toBe('60');
    expect(() => card('00', busy)).toThrow(expect.objectContaining({ code: 'T0_UNEXPECTED_BYTE' }));
    expect(() => t0CardRespond(idle, { data: new Uint8Array(0), sw: 0x9000 })).toThrow(Error);
  });

  it('sees only DecodeError for random reader bytes (fast-check, seeded)', () => {
    const response = fc.record({
      data: fc.uint8Array({ maxLength: 300 }),
      sw: fc.constantFrom(0x9000, 0x6a82, 0x911a, 0x6282, 0x9f10),
    });
    const chunks = fc.array(fc.uint8Array({ minLength: 1, maxLength: 12 }), { maxLength: 40 });
    fc.assert(
      fc.property(chunks, fc.array(response, { maxLength: 40 }), (input, responses) => {
        let state: T0CardState = initialT0CardState();
        let next = 0;
        expectOnlyDecodeError(() => {
          for (const chunk of input) {
            state = t0CardReceive(state, chunk).state;
            if (t0CardIsBusy(state)) {
              const r = responses[next++ % Math.max(responses.length, 1)];
              state = t0CardRespond(state, r ?? { data: new Uint8Array(0), sw: 0x9000 }).state;
            }
          }
        });
      }),
      { numRuns: 1500, seed: 1003 },
    );
  });
});
