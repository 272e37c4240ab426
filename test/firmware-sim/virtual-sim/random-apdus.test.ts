// Property: whatever command APDU arrives, in any class and any state, the virtual SIM answers
// with a response APDU carrying a valid status word (ISO/IEC 7816-3 §10.3.3: SW1 6x except 60,
// or 9x) and never throws; whatever state they leave, its snapshot is a valid profile.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSw1 } from '../../../protocol/iso7816/status-words.ts';
import type { CommandApdu } from '../../../protocol/iso7816/apdu.ts';
import { createVirtualSim } from '../../../firmware-sim/virtual-sim/virtual-sim.ts';
import { fixtureSim, pinHex, send } from './sim-driver.ts';

const INTERESTING_CLA = [0x00, 0x80, 0xa0, 0x01, 0x0c, 0x40, 0xc0, 0xff];
const INTERESTING_INS = [
  0xa4, 0xb0, 0xd6, 0xb2, 0xdc, 0xa2, 0x32, 0x20, 0x24, 0x26, 0x28, 0x2c, 0x88, 0xc0, 0xf2, 0x10,
  0xc2, 0x12, 0x14, 0xfa,
];

const apdu: fc.Arbitrary<CommandApdu> = fc
  .record({
    cla: fc.oneof(fc.constantFrom(...INTERESTING_CLA), fc.integer({ min: 0, max: 255 })),
    ins: fc.oneof(fc.constantFrom(...INTERESTING_INS), fc.integer({ min: 0, max: 255 })),
    p1: fc.oneof(fc.constantFrom(0, 1, 3, 4, 8, 9, 0x80, 0x87), fc.integer({ min: 0, max: 255 })),
    p2: fc.oneof(
      fc.constantFrom(0, 2, 3, 4, 5, 6, 0x0c, 0x80, 0x81),
      fc.integer({ min: 0, max: 255 }),
    ),
    data: fc.oneof(
      fc.constantFrom(
        Uint8Array.of(0x3f, 0x00),
        Uint8Array.of(0x7f, 0x10),
        Uint8Array.of(0x6f, 0x3c),
      ),
      fc.uint8Array({ maxLength: 260 }),
    ),
    ne: fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
  })
  .map(({ ne, ...rest }): CommandApdu => (ne === undefined ? rest : { ...rest, ne }));

describe('random APDUs', () => {
  it('always get a valid status word, and leave a card whose snapshot restores', () => {
    fc.assert(
      fc.property(
        fc.array(apdu, { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        (commands, unlock) => {
          const sim = fixtureSim('test-sim');
          if (unlock) send(sim, `0020000108${pinHex('1234')}`);
          for (const command of commands) {
            const response = sim.handleApdu(command);
            expect(isSw1(response.sw >> 8)).toBe(true);
            expect(response.sw).toBeLessThanOrEqual(0xffff);
            expect(response.data.length).toBeLessThanOrEqual(256);
          }
          const snapshot = sim.snapshot();
          expect(snapshot.pin1.retriesLeft).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 400, seed: 0x51e },
    );
  });

  it('writes with every code verified keep the card restorable from its snapshot', () => {
    const paths = [
      '2fe2',
      '2f00',
      '7f106f3a',
      '7f106f3c',
      '7f106f43',
      '7f106f44',
      '7f206f07',
      '7f206f39',
      '7f206fad',
    ];
    const write = fc.record({
      path: fc.constantFrom(...paths),
      ins: fc.constantFrom(0xd6, 0xdc, 0x32, 0x24, 0x04, 0x44),
      p1: fc.integer({ min: 0, max: 12 }),
      p2: fc.constantFrom(0, 2, 3, 4),
      data: fc.uint8Array({ minLength: 1, maxLength: 176 }),
    });
    fc.assert(
      fc.property(fc.array(write, { minLength: 1, maxLength: 20 }), (writes) => {
        const sim = fixtureSim('test-sim');
        send(sim, `0020000108${pinHex('1234')}`);
        send(sim, `0020000a08${pinHex('88888888')}`);
        for (const w of writes) {
          send(sim, `00a4080c${(w.path.length / 2).toString(16).padStart(2, '0')}${w.path}`);
          const cla = w.ins === 0x32 ? 0x80 : w.ins === 0x04 || w.ins === 0x44 ? 0xa0 : 0x00;
          const response = sim.handleApdu({ cla, ins: w.ins, p1: w.p1, p2: w.p2, data: w.data });
          expect(isSw1(response.sw >> 8)).toBe(true);
        }
        const snapshot = sim.snapshot();
        expect(createVirtualSim(snapshot).snapshot()).toEqual(snapshot);
      }),
      { numRuns: 200, seed: 0x7816 },
    );
  });
});
