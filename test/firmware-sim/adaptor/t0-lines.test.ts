// The adaptor at byte level on both sides (ISO/IEC 7816-3 §10.3): a handset reader speaking T=0
// to the adaptor's card line, the adaptor speaking T=0 to the virtual SIM's card line; the
// handset sees what the SIM answers, and NULL bytes (60) each half waiting time while it is slow.
import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  commandApdu,
  encodeResponseApdu,
  type CommandApdu,
  type ResponseApdu,
} from '../../../protocol/iso7816/apdu.ts';
import { t0ReaderReceive, t0ReaderStart } from '../../../protocol/iso7816/t0-reader.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import {
  adaptorConfig,
  createAdaptor,
  memoryStorage,
} from '../../../firmware-sim/adaptor/index.ts';
import { t0HandsetLineMachine } from '../../../firmware-sim/adaptor/t0-handset-line.ts';
import { t0SimLink } from '../../../firmware-sim/adaptor/t0-sim-link.ts';
import { byteLevelCard, createVirtualSim } from '../../../firmware-sim/virtual-sim/index.ts';
import { engine, fixtureProfile, TEST_SETTINGS } from './support.ts';

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++)
    await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
}

function line(link: CardLink, clock = new SimulatedClock()) {
  const actor = createActor(t0HandsetLineMachine, { input: { link }, clock });
  const received: number[] = [];
  actor.on('line.bytes', (e) => received.push(...e.bytes));
  actor.start();
  const take = (): Uint8Array => Uint8Array.from(received.splice(0));
  return { actor, clock, take };
}

/** The handset's reader side driving the adaptor's card line for one APDU (with GET RESPONSE). */
async function handsetSends(l: ReturnType<typeof line>, apdu: CommandApdu): Promise<ResponseApdu> {
  let step = t0ReaderStart(apdu);
  for (let i = 0; i < 50; i++) {
    const done = step.actions.find((a) => a.kind === 'done');
    if (done?.kind === 'done') return done.response;
    for (const a of step.actions)
      if (a.kind === 'send') l.actor.send({ type: 'handset.bytes', bytes: a.bytes });
    await settle();
    step = t0ReaderReceive(step.state, l.take());
  }
  throw new Error('no response');
}

const withFollowUp = (
  sim: ReturnType<typeof createVirtualSim>,
  apdu: CommandApdu,
): ResponseApdu => {
  let first = sim.handleApdu(apdu);
  if (first.sw >> 8 === 0x6c) first = sim.handleApdu({ ...apdu, ne: first.sw & 0xff || 256 });
  const sw1 = first.sw >> 8;
  if (sw1 !== 0x61 && sw1 !== 0x9f) return first;
  const cla = apdu.cla === 0xa0 ? 0xa0 : 0x00;
  return sim.handleApdu(commandApdu(cla, 0xc0, 0, 0, new Uint8Array(0), first.sw & 0xff || 256));
};

describe('adaptor on T=0 lines', () => {
  it('carries handset commands through to the SIM card line and back', async () => {
    const card = byteLevelCard(createVirtualSim(fixtureProfile('test-sim')));
    const twin = createVirtualSim(fixtureProfile('test-sim'));
    twin.reset();
    const simLink = t0SimLink({
      reset: () => Promise.resolve(card.reset()),
      exchange: (bytes) => Promise.resolve(card.receive(bytes)),
    });
    const adaptor = createAdaptor({
      sim: simLink,
      storage: memoryStorage(TEST_SETTINGS),
      cipher: engine,
      config: adaptorConfig(TEST_SETTINGS),
    });
    const l = line(adaptor.link);
    l.actor.send({ type: 'handset.reset' });
    await settle();
    const apdus = [
      commandApdu(0x00, 0xa4, 0x08, 0x04, fromHex('7f106f3a')),
      commandApdu(0x00, 0x20, 0, 1, fromHex('31323334ffffffff')),
      commandApdu(0x00, 0xb2, 1, 4, new Uint8Array(0), 256),
      commandApdu(0xa0, 0xa4, 0, 0, fromHex('3f00')),
      commandApdu(0x80, 0xf2, 0, 0, new Uint8Array(0), 256),
    ];
    for (const apdu of apdus) {
      const through = await handsetSends(l, apdu);
      expect(toHex(encodeResponseApdu(through))).toBe(
        toHex(encodeResponseApdu(withFollowUp(twin, apdu))),
      );
    }
    adaptor.stop();
  });

  it('sends a NULL byte each half work waiting time while the card is slow', async () => {
    let answer: ((r: ResponseApdu) => void) | undefined;
    const slow: CardLink = {
      reset: () => Promise.resolve(fromHex('3b00')),
      transmit: () => new Promise((resolve) => (answer = resolve)),
    };
    const l = line(slow);
    l.actor.send({ type: 'handset.reset' });
    await settle();
    l.actor.send({ type: 'handset.bytes', bytes: fromHex('80f2000002') });
    await settle();
    l.clock.increment(499);
    expect(toHex(l.take())).toBe('');
    l.clock.increment(1);
    l.clock.increment(500);
    expect(toHex(l.take())).toBe('6060');
    answer?.({ data: fromHex('0102'), sw: 0x9000 });
    await settle();
    expect(toHex(l.take())).toBe('f2' + '0102' + '9000');
  });

  it('goes mute after a byte the protocol does not allow, until the next reset', async () => {
    const l = line({
      reset: () => Promise.resolve(fromHex('3b00')),
      transmit: () => new Promise(() => undefined),
    });
    l.actor.send({ type: 'handset.reset' });
    await settle();
    l.actor.send({ type: 'handset.bytes', bytes: fromHex('80f2000000') });
    await settle();
    l.actor.send({ type: 'handset.bytes', bytes: fromHex('00') });
    expect(l.actor.getSnapshot().value).toBe('mute');
    l.actor.send({ type: 'handset.reset' });
    await settle();
    expect(l.actor.getSnapshot().value).toBe('idle');
  });
});

describe('card line machine paths', () => {
  type Snapshot = SnapshotFrom<typeof t0HandsetLineMachine>;
  type Event = Parameters<typeof t0HandsetLineMachine.transition>[1];
  const link: CardLink = {
    reset: () => new Promise(() => undefined),
    transmit: () => new Promise(() => undefined),
  };
  const ev = (e: object) => e as unknown as Event;
  const events = (s: Snapshot): Event[] => {
    const state = JSON.stringify(s.value);
    const byState: Record<string, Event[]> = {
      '"unpowered"': [ev({ type: 'handset.reset' })],
      '"resetting"': [
        ev({ type: 'xstate.done.actor.reset', output: fromHex('3b00') }),
        ev({ type: 'xstate.error.actor.reset', error: new Error('x') }),
      ],
      '"idle"': [
        ev({ type: 'handset.bytes', bytes: fromHex('80f2000002') }),
        ev({ type: 'handset.bytes', bytes: fromHex('80f2') }),
      ],
      '{"processing":"waiting"}': [
        ev({ type: 'xstate.done.actor.transmit', output: { data: fromHex('0102'), sw: 0x9000 } }),
        ev({ type: 'handset.bytes', bytes: fromHex('00') }),
      ],
      '"mute"': [ev({ type: 'handset.reset' })],
    };
    return byState[state] ?? [];
  };

  it('reaches every state', () => {
    const paths = getShortestPaths(t0HandsetLineMachine, {
      input: { link },
      events: events as never,
      serializeState: (s) => `${JSON.stringify(s.value)}|${s.context.line.phase.name}`,
    });
    const reached = new Set(
      paths.flatMap((p) => p.steps.map((step) => JSON.stringify(step.state.value))),
    );
    const expected = ['"unpowered"', '"resetting"', '"idle"', '{"processing":"waiting"}', '"mute"'];
    expect(expected.filter((state) => !reached.has(state))).toEqual([]);
  });
});
