// The adaptor machine at its three test levels: transition() as a pure function, the running
// actor with fakes and a SimulatedClock (SIM silent past the waiting time, SIM removed and put
// back, reset in the middle of a command), and xstate/graph paths that reach every state.
import { describe, expect, it } from 'vitest';
import { initialTransition, SimulatedClock, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { fromHex } from '../../../protocol/bytes/index.ts';
import {
  commandApdu,
  type CommandApdu,
  type ResponseApdu,
} from '../../../protocol/iso7816/apdu.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import {
  adaptorConfig,
  adaptorMachine,
  AdaptorLinkError,
  createAdaptor,
  memoryStorage,
  type AdaptorCore,
  type AdaptorEvent,
} from '../../../firmware-sim/adaptor/index.ts';
import { engine, TEST_SETTINGS } from './support.ts';

type Snapshot = SnapshotFrom<typeof adaptorMachine>;

const fakeCore = {} as AdaptorCore;
const apdu = commandApdu(0x80, 0xf2, 0, 0x0c);
const done = (id: string, output?: unknown) =>
  ({ type: `xstate.done.actor.${id}`, output }) as unknown as AdaptorEvent;
const failed = (id: string, error: unknown) =>
  ({ type: `xstate.error.actor.${id}`, error }) as unknown as AdaptorEvent;

function at(value: string): Snapshot {
  const [initial] = initialTransition(adaptorMachine, { core: fakeCore });
  return adaptorMachine.resolveState({ value, context: initial.context });
}

const emittedCodes = (actions: readonly { params?: unknown }[]): unknown[] =>
  actions.map((a) => (a.params as { event?: { code?: string } } | undefined)?.event?.code ?? a);

describe('adaptor machine transitions', () => {
  it('starts by loading the settings and waits for the handset to reset the card', () => {
    const [snapshot] = initialTransition(adaptorMachine, { core: fakeCore });
    expect(snapshot.value).toBe('loading');
    const [off] = transition(adaptorMachine, snapshot, done('loadSettings'));
    expect(off.value).toBe('off');
  });

  it('remembers a reset that arrives while the settings load', () => {
    const [loading] = initialTransition(adaptorMachine, { core: fakeCore });
    const [waiting] = transition(adaptorMachine, loading, { type: 'handset.reset' });
    const [next] = transition(adaptorMachine, waiting, done('loadSettings'));
    expect(next.value).toBe('resetting');
  });

  it('runs one command at a time', () => {
    const [busy] = transition(adaptorMachine, at('ready'), { type: 'handset.apdu', apdu });
    expect(busy.value).toBe('exchanging');
    const [still, actions] = transition(adaptorMachine, busy, { type: 'handset.apdu', apdu });
    expect(still.value).toBe('exchanging');
    expect(actions.map((a) => a.type)).toContain('xstate.emit');
  });

  it('turns a reset in the middle of a command into a failed command and a new reset', () => {
    const [next, actions] = transition(adaptorMachine, at('exchanging'), { type: 'handset.reset' });
    expect(next.value).toBe('resetting');
    expect(JSON.stringify(emittedCodes(actions))).toContain('ADAPTOR_RESET');
  });

  it('treats a failed card link as a removed card until it is back', () => {
    const [removed] = transition(
      adaptorMachine,
      at('exchanging'),
      failed('exchange', new Error('x')),
    );
    expect(removed.value).toBe('simRemoved');
    const [back] = transition(adaptorMachine, removed, { type: 'card.inserted' });
    expect(back.value).toBe('resetting');
  });

  it('runs a command that arrives during a device event right after it', () => {
    const [working] = transition(adaptorMachine, at('ready'), {
      type: 'device.button',
      button: 'pay',
    });
    const [waiting] = transition(adaptorMachine, working, { type: 'handset.apdu', apdu });
    expect(waiting.context.apduWaiting).toBe(true);
    const [next] = transition(adaptorMachine, waiting, done('deviceEvent', []));
    expect(next.value).toBe('exchanging');
  });

  it('goes to a storage fault when the settings cannot be saved', () => {
    const error = new AdaptorLinkError('ADAPTOR_STORAGE_FAILED', 'x');
    const [fault] = transition(adaptorMachine, at('exchanging'), failed('exchange', error));
    expect(fault.value).toBe('storageFault');
    const [retry] = transition(adaptorMachine, fault, { type: 'handset.reset' });
    expect(retry.value).toBe('reloading');
  });
});

/** A card link whose answers the test releases by hand. */
function heldLink(): CardLink & {
  release(r: ResponseApdu): void;
  fail(e: Error): void;
  sent: CommandApdu[];
} {
  let pending: { resolve(r: ResponseApdu): void; reject(e: Error): void } | undefined;
  const sent: CommandApdu[] = [];
  return {
    sent,
    reset: () => Promise.resolve(fromHex('3b00')),
    transmit: (a) =>
      new Promise((resolve, reject) => {
        sent.push(a);
        pending = { resolve, reject };
      }),
    release: (r) => pending?.resolve(r),
    fail: (e) => pending?.reject(e),
  };
}

const tick = () => new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await tick();
}

function adaptorOver(sim: CardLink, clock: SimulatedClock) {
  return createAdaptor({
    sim,
    storage: memoryStorage(TEST_SETTINGS),
    cipher: engine,
    config: adaptorConfig(TEST_SETTINGS),
    clock,
    simResponseTimeout: 1000,
  });
}

describe('adaptor actor with a simulated clock', () => {
  it('reports a silent SIM after the waiting time and recovers on reset', async () => {
    const clock = new SimulatedClock();
    const sim = heldLink();
    const adaptor = adaptorOver(sim, clock);
    await adaptor.link.reset();
    const answer = adaptor.link.transmit(apdu).catch((e: AdaptorLinkError) => e.code);
    await settle();
    clock.increment(999);
    expect(adaptor.actor.getSnapshot().value).toBe('exchanging');
    clock.increment(1);
    expect(await answer).toBe('ADAPTOR_SIM_SILENT');
    expect(adaptor.actor.getSnapshot().value).toBe('simSilent');
    await adaptor.link.reset();
    const next = adaptor.link.transmit(apdu);
    await settle();
    sim.release({ data: new Uint8Array(0), sw: 0x9000 });
    expect((await next).sw).toBe(0x9000);
    adaptor.stop();
  });

  it('fails commands while the SIM is out and works again once it is back', async () => {
    const clock = new SimulatedClock();
    const sim = heldLink();
    const adaptor = adaptorOver(sim, clock);
    await adaptor.link.reset();
    const answer = adaptor.link.transmit(apdu).catch((e: AdaptorLinkError) => e.code);
    await settle();
    sim.fail(new Error('reader removed'));
    expect(await answer).toBe('ADAPTOR_SIM_REMOVED');
    const meanwhile = await adaptor.link.transmit(apdu).catch((e: AdaptorLinkError) => e.code);
    expect(meanwhile).toBe('ADAPTOR_SIM_REMOVED');
    adaptor.cardInserted();
    await settle();
    expect(adaptor.actor.getSnapshot().value).toBe('ready');
    const next = adaptor.link.transmit(apdu);
    await settle();
    sim.release({ data: new Uint8Array(0), sw: 0x9000 });
    expect((await next).sw).toBe(0x9000);
    adaptor.stop();
  });

  it('answers a reset during a command: the command fails, the reset gives the ATR', async () => {
    const clock = new SimulatedClock();
    const sim = heldLink();
    const adaptor = adaptorOver(sim, clock);
    await adaptor.link.reset();
    const answer = adaptor.link.transmit(apdu).catch((e: AdaptorLinkError) => e.code);
    await settle();
    const atr = adaptor.link.reset();
    expect(await answer).toBe('ADAPTOR_RESET');
    expect(Array.from(await atr)).toEqual([0x3b, 0x00]);
    adaptor.stop();
  });
});

describe('adaptor machine paths', () => {
  const events = (s: Snapshot): AdaptorEvent[] => {
    const removal = new Error('gone');
    const storage = new AdaptorLinkError('ADAPTOR_STORAGE_FAILED', 'x');
    const byState: Record<string, AdaptorEvent[]> = {
      loading: [done('loadSettings'), failed('loadSettings', storage), { type: 'handset.reset' }],
      off: [{ type: 'handset.reset' }],
      resetting: [done('resetCard', Uint8Array.of(0x3b)), failed('resetCard', removal)],
      ready: [
        { type: 'handset.apdu', apdu },
        { type: 'device.button', button: 'pay' },
        { type: 'card.removed' },
      ],
      exchanging: [
        done('exchange', { response: { data: new Uint8Array(0), sw: 0x9000 }, notices: [] }),
        failed('exchange', storage),
        { type: 'xstate.after.simResponseTimeout.adaptor.exchanging' } as unknown as AdaptorEvent,
      ],
      deviceWork: [done('deviceEvent', []), { type: 'handset.apdu', apdu }],
      simRemoved: [{ type: 'card.inserted' }],
      simSilent: [{ type: 'handset.reset' }],
      storageFault: [{ type: 'handset.reset' }],
      reloading: [done('reloadSettings')],
    };
    return byState[String(s.value)] ?? [];
  };

  it('reaches every state', () => {
    const paths = getShortestPaths(adaptorMachine, {
      input: { core: fakeCore },
      events: events as never,
      serializeState: (s) =>
        `${String(s.value)}|${String(s.context.resetRequested)}|${String(s.context.apduWaiting)}`,
    });
    const reached = new Set(paths.map((p) => String(p.state.value)));
    const all = Object.keys(adaptorMachine.root.states);
    expect(all.filter((state) => !reached.has(state))).toEqual([]);
  });
});
