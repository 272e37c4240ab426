// vsmartcard vpcd.c framing: uint16 BE length prefix, control bytes 00/01/02/04, APDUs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeVpcdPayload,
  encodeVpcdFrame,
  encodeVpcdMessage,
  VpcdFrameReader,
  type VpcdMessage,
} from '../../../bridge/vpcd/vpcd-framing.ts';
import { fuzzDecoder } from '../../support/codec-checks.ts';

const show = (m: VpcdMessage): string => (m.kind === 'control' ? m.control : toHex(m.bytes));

// The sequence observed between pcscd 1.9.9 and a virtual card (REFERENCE-SIM §3.1).
const observed = fromHex(
  '000104' +
    '000104' +
    '000101' +
    '000104' +
    '000100' +
    '000700a40004023f00' +
    '000500c000002f' +
    '000102',
);
const observedMessages = [
  'atr',
  'atr',
  'power-on',
  'atr',
  'power-off',
  '00a40004023f00',
  '00c000002f',
  'reset',
];

describe('vpcd frames (vpcd.c sendToVICC/recvFromVICC)', () => {
  it.each([
    ['00', 'power-off'],
    ['01', 'power-on'],
    ['02', 'reset'],
    ['04', 'atr'],
    ['a0f2000016', 'a0f2000016'],
  ])('payload %s is %s', (hex, what) => {
    expect(show(decodeVpcdPayload(fromHex(hex)))).toBe(what);
  });

  it('rejects an empty frame and unknown control bytes', () => {
    expect(() => decodeVpcdPayload(new Uint8Array(0))).toThrow(/VPCD_EMPTY_FRAME/);
    expect(() => decodeVpcdPayload(fromHex('03'))).toThrow(/VPCD_BAD_CONTROL/);
    expect(() => decodeVpcdPayload(fromHex('ff'))).toThrow(DecodeError);
  });

  it('prefixes the big-endian length and refuses more than 65535 bytes', () => {
    expect(toHex(encodeVpcdFrame(fromHex('3b02145090')))).toBe('00053b02145090');
    expect(toHex(encodeVpcdFrame(new Uint8Array(0x1234)).slice(0, 2))).toBe('1234');
    expect(encodeVpcdFrame(new Uint8Array(0xffff)).length).toBe(0x10001);
    expect(() => encodeVpcdFrame(new Uint8Array(0x10000))).toThrow(RangeError);
  });

  it('reads the observed pcscd sequence at every split point', () => {
    for (let cut = 0; cut <= observed.length; cut++) {
      const reader = new VpcdFrameReader();
      const got = [...reader.push(observed.slice(0, cut)), ...reader.push(observed.slice(cut))];
      expect(got.map(show), `split at ${cut}`).toEqual(observedMessages);
      expect(reader.pending).toBe(0);
    }
  });

  it('reads byte by byte and holds an incomplete frame back', () => {
    const reader = new VpcdFrameReader();
    const got: VpcdMessage[] = [];
    for (const byte of observed) got.push(...reader.push(Uint8Array.of(byte)));
    expect(got.map(show)).toEqual(observedMessages);
    expect(reader.push(fromHex('0007 00a4'.replace(' ', '')))).toEqual([]);
    expect(reader.pending).toBe(4);
  });

  it('round-trips random messages over random splits (seeded)', () => {
    const message = fc.oneof(
      fc.constantFrom<VpcdMessage>(
        { kind: 'control', control: 'power-off' },
        { kind: 'control', control: 'power-on' },
        { kind: 'control', control: 'reset' },
        { kind: 'control', control: 'atr' },
      ),
      fc
        .uint8Array({ minLength: 2, maxLength: 300 })
        .map((bytes): VpcdMessage => ({ kind: 'apdu', bytes })),
    );
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (messages, cuts) => {
          const stream = Uint8Array.from(messages.flatMap((m) => [...encodeVpcdMessage(m)]));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort(
            (a, b) => a - b,
          );
          const reader = new VpcdFrameReader();
          const got: VpcdMessage[] = [];
          let from = 0;
          for (const p of [...points, stream.length]) {
            got.push(...reader.push(stream.slice(from, p)));
            from = p;
          }
          expect(got.map(show)).toEqual(messages.map(show));
        },
      ),
      { numRuns: 300, seed: 35963 },
    );
  });

  it('sees only DecodeError for random streams', () => {
    fuzzDecoder((bytes) => new VpcdFrameReader().push(bytes), { numRuns: 1000, seed: 0x8c7b });
  });
});
