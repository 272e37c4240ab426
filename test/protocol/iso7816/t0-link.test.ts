// The T=0 reader wired to the T=0 card (ISO/IEC 7816-3 §10.3, TS 102 221 §7.3.1, TS 51.011 §9):
// every case in GSM and UICC class, fed in every split of the byte streams, with NULL bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  commandApdu,
  initialT0CardState,
  t0CardNullByte,
  t0CardReceive,
  t0CardRespond,
  t0ReaderReceive,
  t0ReaderStart,
  type CommandApdu,
  type ResponseApdu,
  type T0CardOptions,
  type T0CardState,
  type T0Exchange,
  type T0ReaderOptions,
  type T0ReaderState,
} from '../../../protocol/iso7816/index.ts';

/** Chunk sizes for a stream: whole, byte by byte, or seeded random chunks. */
type Split = (remaining: number) => number;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const splits: readonly (readonly [string, () => Split])[] = [
  ['whole', () => (n) => n],
  ['byte by byte', () => () => 1],
  ...[1, 2, 3].map(
    (seed) =>
      [
        `random chunks (seed ${seed})`,
        () => {
          const next = seeded(seed);
          return (n: number) => 1 + Math.floor(next() * Math.min(n, 7));
        },
      ] as const,
  ),
];

interface LinkSetup {
  readonly app: (command: CommandApdu) => ResponseApdu;
  readonly split: Split;
  readonly nullBytes?: number;
  readonly card?: T0CardOptions;
  readonly reader?: T0ReaderOptions;
}

interface LinkResult {
  readonly response: ResponseApdu;
  readonly exchanges: readonly T0Exchange[];
  readonly seen: readonly CommandApdu[];
  readonly card: T0CardState;
}

/** Moves bytes both ways until the reader is done; every loop is bounded. */
function runLink(
  apdu: CommandApdu,
  setup: LinkSetup,
  cardState = initialT0CardState(),
): LinkResult {
  let card = cardState;
  const start = t0ReaderStart(apdu, setup.reader);
  let reader: T0ReaderState = start.state;
  let toCard: number[] = [];
  let toReader: number[] = [];
  const seen: CommandApdu[] = [];
  const sendActions = (actions: typeof start.actions) => {
    for (const a of actions) if (a.kind === 'send') toCard.push(...a.bytes);
  };
  sendActions(start.actions);
  for (let round = 0; round < 100_000 && !reader.done; round++) {
    if (toCard.length > 0) {
      const n = setup.split(toCard.length);
      const step = t0CardReceive(card, Uint8Array.from(toCard.slice(0, n)), setup.card);
      toCard = toCard.slice(n);
      card = step.state;
      for (const o of step.outputs) {
        if (o.kind === 'transmit') toReader.push(...o.bytes);
        if (o.kind !== 'command') continue;
        seen.push(o.command);
        for (let k = 0; k < (setup.nullBytes ?? 0); k++) toReader.push(...t0CardNullByte(card));
        const answered = t0CardRespond(card, setup.app(o.command), setup.card);
        card = answered.state;
        for (const out of answered.outputs)
          if (out.kind === 'transmit') toReader.push(...out.bytes);
      }
    } else if (toReader.length > 0) {
      const n = setup.split(toReader.length);
      const step = t0ReaderReceive(reader, Uint8Array.from(toReader.slice(0, n)));
      toReader = toReader.slice(n);
      reader = step.state;
      sendActions(step.actions);
    } else {
      throw new Error('link stalled: neither side has anything to say');
    }
  }
  expect(reader.done).toBe(true);
  expect(toReader).toEqual([]);
  expect(toCard).toEqual([]);
  return {
    response: { data: reader.collected, sw: reader.exchanges.at(-1)!.sw },
    exchanges: reader.exchanges,
    seen,
    card,
  };
}

const bytes = (n: number, seed = 1): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
const ok = (data: Uint8Array = new Uint8Array(0)): ResponseApdu => ({ data, sw: 0x9000 });

interface Scenario {
  readonly what: string;
  readonly apdu: CommandApdu;
  readonly app: (c: CommandApdu) => ResponseApdu;
  readonly data: string;
  readonly sw: number;
  /** The P3 of every TPDU the reader sent. */
  readonly p3s: readonly number[];
  readonly reader?: T0ReaderOptions;
}

const file256 = bytes(256, 3);
const record176 = bytes(176, 5);
const fci = bytes(22, 9);
const longEnvelopeReply = bytes(300, 11);

const scenarios: readonly Scenario[] = [
  {
    what: 'GSM case 1 INVALIDATE',
    apdu: commandApdu(0xa0, 0x04, 0, 0),
    app: () => ok(),
    data: '',
    sw: 0x9000,
    p3s: [0],
  },
  {
    what: 'GSM case 2 READ BINARY',
    apdu: commandApdu(0xa0, 0xb0, 0, 0, undefined, 10),
    app: (c) => ok(file256.slice(0, c.ne)),
    data: toHex(file256.slice(0, 10)),
    sw: 0x9000,
    p3s: [10],
  },
  {
    what: 'GSM case 3 UPDATE BINARY',
    apdu: commandApdu(0xa0, 0xd6, 0, 0, bytes(5)),
    app: () => ok(),
    data: '',
    sw: 0x9000,
    p3s: [5],
  },
  {
    what: 'GSM SELECT, 9Fxx and GET RESPONSE',
    apdu: commandApdu(0xa0, 0xa4, 0, 0, fromHex('3f00')),
    app: () => ok(fci),
    data: toHex(fci),
    sw: 0x9000,
    p3s: [2, 22],
  },
  {
    what: 'GSM case 4 INCREASE through 9Fxx',
    apdu: commandApdu(0xa0, 0x32, 0, 0, fromHex('000001')),
    app: () => ok(fromHex('00000500000001')),
    data: '00000500000001',
    sw: 0x9000,
    p3s: [3, 7],
  },
  {
    what: 'GSM error with no data',
    apdu: commandApdu(0xa0, 0xa4, 0, 0, fromHex('6f07')),
    app: () => ({ data: new Uint8Array(0), sw: 0x9404 }),
    data: '',
    sw: 0x9404,
    p3s: [2],
  },
  {
    what: 'UICC case 4 SELECT by AID, 61xx',
    apdu: commandApdu(0x00, 0xa4, 4, 4, bytes(16), 256),
    app: () => ok(fci),
    data: toHex(fci),
    sw: 0x9000,
    p3s: [16, 22],
  },
  {
    what: 'UICC READ RECORD with Le 00, 6Cxx re-send',
    apdu: commandApdu(0x00, 0xb2, 1, 4, undefined, 256),
    app: () => ok(record176),
    data: toHex(record176),
    sw: 0x9000,
    p3s: [0, 176],
  },
  {
    what: 'UICC READ BINARY of 256 bytes (P3 00)',
    apdu: commandApdu(0x00, 0xb0, 0, 0, undefined, 256),
    app: () => ok(file256),
    data: toHex(file256),
    sw: 0x9000,
    p3s: [0],
  },
  {
    what: 'UICC TERMINAL RESPONSE answered 91xx, returned to the caller',
    apdu: commandApdu(0x80, 0x14, 0, 0, bytes(12)),
    app: () => ({ data: new Uint8Array(0), sw: 0x911a }),
    data: '',
    sw: 0x911a,
    p3s: [12],
  },
  {
    what: 'UICC ENVELOPE with 300 bytes of reply, chained 61xx',
    apdu: commandApdu(0x80, 0xc2, 0, 0, bytes(40), 256),
    app: () => ok(longEnvelopeReply),
    data: toHex(longEnvelopeReply),
    sw: 0x9000,
    p3s: [40, 0, 44],
  },
  {
    what: 'UICC warning with data after case 4',
    apdu: commandApdu(0x80, 0xc2, 0, 0, bytes(3), 256),
    app: () => ({ data: fromHex('abcd'), sw: 0x6283 }),
    data: 'abcd',
    sw: 0x6283,
    p3s: [3, 2],
  },
  {
    what: 'GET DATA 80 CA: case 2 for P3 00, 6Cxx re-send keeps case 2',
    apdu: commandApdu(0x80, 0xca, 0x9f, 0x7f, undefined, 256),
    app: () => ok(bytes(45)),
    data: toHex(bytes(45)),
    sw: 0x9000,
    p3s: [0, 45],
  },
  {
    what: 'unknown INS answered 6D00 by the card',
    apdu: commandApdu(0xa0, 0x77, 0, 0),
    app: () => ok(),
    data: '',
    sw: 0x6d00,
    p3s: [0],
  },
  {
    what: 'unknown CLA answered 6E00 by the card',
    apdu: commandApdu(0x20, 0xa4, 0, 0, fromHex('3f00')),
    app: () => ok(),
    data: '',
    sw: 0x6e00,
    p3s: [2],
  },
  {
    what: '61xx returned unchanged when GET RESPONSE is off',
    apdu: commandApdu(0x00, 0xa4, 0, 4, fromHex('3f00'), 256),
    app: () => ok(bytes(0x2f)),
    data: '',
    sw: 0x612f,
    p3s: [2],
    reader: { getResponse: false },
  },
];

describe('T=0 reader ↔ card', () => {
  for (const [splitName, makeSplit] of splits) {
    for (const ack of ['all', 'one-by-one'] as const) {
      for (const nullBytes of [0, 2]) {
        it(`every case, ${splitName}, ACK ${ack}, ${nullBytes} NULL bytes`, () => {
          for (const s of scenarios) {
            const setup: LinkSetup = {
              app: s.app,
              split: makeSplit(),
              nullBytes,
              card: { ack },
              ...(s.reader ? { reader: s.reader } : {}),
            };
            const result = runLink(s.apdu, setup);
            expect(toHex(result.response.data), s.what).toBe(s.data);
            expect(result.response.sw.toString(16), s.what).toBe(s.sw.toString(16));
            expect(
              result.exchanges.map((e) => e.header.p3),
              s.what,
            ).toEqual(s.p3s);
            for (const e of result.exchanges.slice(0, -1)) {
              const sw1 = e.sw >> 8;
              const moreData = s.apdu.cla === 0xa0 ? 0x9f : 0x61;
              expect(sw1 === moreData || sw1 === 0x6c, s.what).toBe(true);
            }
            const nulls = result.exchanges.reduce((sum, e) => sum + e.nullBytes, 0);
            expect(nulls, s.what).toBe(nullBytes * result.seen.length);
          }
        });
      }
    }
  }

  it('keeps the pending response and previous context across APDUs on one card', () => {
    const setup: LinkSetup = { app: () => ok(bytes(45)), split: () => 3 };
    const first = runLink(commandApdu(0x80, 0xca, 0x9f, 0x7f, undefined, 256), setup);
    expect(first.seen.length).toBe(2);
    const second = runLink(commandApdu(0x00, 0xb0, 0, 0, undefined, 45), setup, first.card);
    expect(second.response.data.length).toBe(45);
  });
});

/** Commands whose case the card's table agrees with, per class family. */
const templates = [
  { cla: 0xa0, ins: 0x04, kase: 1 },
  { cla: 0xa0, ins: 0xb2, kase: 2 },
  { cla: 0xa0, ins: 0xdc, kase: 3 },
  { cla: 0xa0, ins: 0x88, kase: 3 },
  { cla: 0xa0, ins: 0x32, kase: 3 },
  { cla: 0x00, ins: 0xb0, kase: 2 },
  { cla: 0x01, ins: 0xd6, kase: 3 },
  { cla: 0x00, ins: 0x88, kase: 4 },
  { cla: 0x80, ins: 0xc2, kase: 4 },
  { cla: 0x80, ins: 0x12, kase: 2 },
  { cla: 0x80, ins: 0x14, kase: 3 },
  { cla: 0x00, ins: 0x70, kase: 1 },
] as const;

describe('property: random APDUs round-trip reader → card → reader', () => {
  it('delivers the command to the application and its response back, in any split', () => {
    const apdu = fc
      .record({
        t: fc.constantFrom(...templates),
        p2: fc.integer({ min: 0, max: 255 }),
        data: fc.uint8Array({ minLength: 1, maxLength: 255 }),
        ne: fc.integer({ min: 1, max: 256 }),
      })
      .map(({ t, p2, data, ne }) => {
        const p1 = t.ins === 0x70 ? 0x80 : 0;
        if (t.kase === 1) return commandApdu(t.cla, t.ins, p1, p2);
        if (t.kase === 2) return commandApdu(t.cla, t.ins, p1, p2, undefined, ne);
        return commandApdu(t.cla, t.ins, p1, p2, data, t.kase === 4 ? ne : undefined);
      });
    const response = fc.record({
      data: fc.uint8Array({ maxLength: 400 }),
      sw: fc.constantFrom(0x9000, 0x911a, 0x9300, 0x6a82, 0x6982, 0x63c2, 0x6283, 0x9e10, 0x9804),
    });
    fc.assert(
      fc.property(
        apdu,
        response,
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.boolean(),
        fc.nat(3),
        (a, r, seed, oneByOne, nullBytes) => {
          const next = seeded(seed);
          const setup: LinkSetup = {
            app: () => r,
            split: (n) => 1 + Math.floor(next() * Math.min(n, 9)),
            nullBytes,
            card: { ack: oneByOne ? 'one-by-one' : 'all' },
          };
          const result = runLink(a, setup);
          expect(toHex(result.response.data)).toBe(toHex(r.data));
          expect(result.response.sw).toBe(r.sw);
          const first = result.seen[0]!;
          expect([first.cla, first.ins, first.p1, first.p2, toHex(first.data)]).toEqual([
            a.cla,
            a.ins,
            a.p1,
            a.p2,
            toHex(a.data),
          ]);
          if (a.data.length === 0 && a.ne !== undefined) expect(first.ne).toBe(a.ne);
        },
      ),
      { numRuns: 400, seed: 7816 },
    );
  });
});
