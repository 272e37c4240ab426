// Everything that is not for the adaptor passes through byte for byte (TS 102 221 §7, TS 51.011
// §9): random handset sessions that do not involve the server, run through the adaptor over one
// virtual SIM and straight into a twin, give the same responses, and the card gets the same bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  commandApdu,
  encodeCommandApdu,
  encodeResponseApdu,
  type CommandApdu,
} from '../../../protocol/iso7816/apdu.ts';
import { createVirtualSim } from '../../../firmware-sim/virtual-sim/index.ts';
import { bench, fixtureProfile } from './support.ts';

const FILES = [
  '3f00',
  '7f10',
  '7f20',
  '6f3a',
  '6f3c',
  '6f42',
  '2fe2',
  '6f07',
  '6f40',
  '2f00',
  '6fad',
];
const TOOLKIT = new Set([0x10, 0x12, 0x14, 0xc2]);

const select = (cla: number) =>
  fc
    .constantFrom(...FILES)
    .map((fid) => commandApdu(cla, 0xa4, 0, cla === 0xa0 ? 0 : 0x04, fromHex(fid)));

const anyApdu: fc.Arbitrary<CommandApdu> = fc
  .record({
    cla: fc.constantFrom(0x00, 0xa0, 0x80, 0x01, 0xff),
    ins: fc.constantFrom(
      0xa4,
      0xb0,
      0xb2,
      0xc0,
      0xf2,
      0x20,
      0xdc,
      0xd6,
      0xa2,
      0x88,
      0x44,
      0x04,
      0x7e,
    ),
    p1: fc.integer({ min: 0, max: 3 }),
    p2: fc.constantFrom(0, 2, 4),
    data: fc.uint8Array({ minLength: 0, maxLength: 40 }),
    ne: fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
  })
  .filter(
    (a) =>
      !TOOLKIT.has(a.ins) &&
      !(a.ins === 0xa4 && a.data.length > 0 && toHex(a.data).endsWith('6f38')),
  )
  .map((a) => commandApdu(a.cla, a.ins, a.p1, a.p2, a.data, a.ne));

const pin = (cla: number) => commandApdu(cla, 0x20, 0, 1, fromHex('31323334ffffffff'));
const session = fc.array(fc.oneof(select(0x00), select(0xa0), anyApdu, fc.constant(pin(0x00))), {
  minLength: 1,
  maxLength: 25,
});

describe('pass-through of sessions that do not involve the server', () => {
  it('gives the handset exactly what the card gives, and the card exactly what the handset sent', async () => {
    await fc.assert(
      fc.asyncProperty(session, async (apdus) => {
        const twin = createVirtualSim(fixtureProfile('test-sim'));
        twin.reset();
        const b = bench();
        const toCard: string[] = [];
        b.adaptor.onNotice((n) => {
          if (n.type === 'apdu.traced' && n.toCard !== undefined)
            toCard.push(toHex(encodeCommandApdu(n.toCard)));
        });
        await b.link.reset();
        for (const apdu of apdus) {
          const through = encodeResponseApdu(await b.link.transmit(apdu));
          const direct = encodeResponseApdu(twin.handleApdu(apdu));
          expect(toHex(through)).toBe(toHex(direct));
        }
        expect(toCard).toEqual(apdus.map((a) => toHex(encodeCommandApdu(a))));
        b.adaptor.stop();
      }),
      { seed: 20261123, numRuns: 60 },
    );
  });
});
