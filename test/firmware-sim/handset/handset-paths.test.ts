// Graph coverage of the handset machine (xstate/graph): every state is reachable by some path of
// events and actor results, so that a state no test can reach shows up here.
import { describe, expect, it } from 'vitest';
import { type SnapshotFrom, type StateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { CardChannel } from '../../../firmware-sim/handset/card-channel.ts';
import { handsetMachine } from '../../../firmware-sim/handset/handset-machine.ts';
import { TransportError } from '../../../firmware-sim/transport-error.ts';
import { memoryCarrier, memoryVoice, scriptedUser } from '../../../firmware-sim/handset/ports.ts';
import { FakeSim } from './fake-sim.ts';
import { done, failed, identity, subscriber, type Event } from './machine-events.ts';

type Snapshot = SnapshotFrom<typeof handsetMachine>;

const ports = {
  channel: new CardChannel(new FakeSim()),
  carrier: memoryCarrier(),
  voice: memoryVoice(),
  user: scriptedUser(),
};

const request = (job: object): Event =>
  ({ type: 'user.request', request: { id: 1, job } }) as unknown as Event;

/** The events and actor results that can happen in each state. */
function eventsFor(snapshot: Snapshot): Event[] {
  const removal = new TransportError('PCSC_CARD_REMOVED', 'gone');
  const errorOf = (id: string) => [failed(id, new Error('silent')), failed(id, removal)];
  const pending = { sw: 0x9000, pending: undefined };
  const announcing = { sw: 0x910b, pending: 11 };
  const v = JSON.stringify(snapshot.value);
  const byState: Record<string, Event[]> = {
    '"poweringOn"': [
      done('powerOn', identity(false)),
      done('powerOn', identity(true)),
      done('powerOn', identity(true, 0)),
      ...errorOf('powerOn'),
    ],
    '"askingPin"': [done('askPin', '1234'), done('askPin', undefined)],
    '"waitingPin"': [request({ kind: 'enterPin', pin: '1234' }), request({ kind: 'hangUp' })],
    '"waitingPuk"': [
      request({ kind: 'enterPuk', puk: '12345678', newPin: '1234' }),
      request({ kind: 'hangUp' }),
    ],
    '"verifyingPin"': [
      done('verifyPin', { kind: 'accepted' }),
      done('verifyPin', { kind: 'rejected', attemptsLeft: 2 }),
      done('verifyPin', { kind: 'blocked' }),
      ...errorOf('verifyPin'),
    ],
    '"unblockingPin"': [
      done('unblockPin', { kind: 'accepted' }),
      done('unblockPin', { kind: 'rejected', attemptsLeft: 9 }),
      ...errorOf('unblockPin'),
    ],
    '"readingSubscriber"': [done('readSubscriber', subscriber), ...errorOf('readSubscriber')],
    '"downloadingProfile"': [
      done('downloadProfile', pending),
      done('downloadProfile', announcing),
      ...errorOf('downloadProfile'),
    ],
    '{"ready":"idle"}': [
      { type: 'xstate.after.statusInterval.handset.ready.idle' } as unknown as Event,
      request({ kind: 'hangUp' }),
      {
        type: 'carrier.deliver',
        sms: { serviceCentre: '', tpdu: Uint8Array.of(0) },
      } as unknown as Event,
    ],
    '{"ready":"polling"}': [
      done('pollStatus', pending),
      done('pollStatus', announcing),
      ...errorOf('pollStatus'),
    ],
    '{"ready":"working"}': [
      done('runJob', {
        result: { ok: true },
        memory: [],
        messageReferenceUsed: false,
        pending: undefined,
      }),
      ...errorOf('runJob'),
    ],
    '{"ready":"receiving"}': [
      done('receiveSms', { outcome: undefined, pending: undefined }),
      ...errorOf('receiveSms'),
    ],
    '{"ready":"fetching"}': [done('fetchCommand', Uint8Array.of(0xd0)), ...errorOf('fetchCommand')],
    '{"ready":"runningCommand"}': [
      done('runCommand', { response: undefined, command: undefined }),
      ...errorOf('runCommand'),
    ],
    '{"ready":"responding"}': [done('sendResponse', pending), ...errorOf('sendResponse')],
  };
  if ((snapshot.value as object) instanceof Object && 'fault' in (snapshot.value as object)) {
    return [{ type: 'card.inserted' } as unknown as Event];
  }
  return byState[v] ?? [];
}

function leafStates(node: StateNode<never, never>, out: string[] = []): string[] {
  const children = Object.values(node.states) as StateNode<never, never>[];
  if (children.length === 0) out.push(node.id);
  for (const child of children) leafStates(child, out);
  return out;
}

describe('handset machine paths', () => {
  it('reaches every state', () => {
    const paths = getShortestPaths(handsetMachine, {
      input: { ports },
      events: eventsFor as never,
      serializeState: (s) =>
        `${JSON.stringify(s.value)}|${s.context.queue.length}|${s.context.inbox.length}|${s.context.pending ?? '-'}`,
    });
    const reached = new Set(
      paths
        .flatMap((p) => p.steps.map((step) => step.state))
        .flatMap((s) => [...s._nodes.map((n) => n.id)]),
    );
    const missing = leafStates(handsetMachine.root as never).filter((id) => !reached.has(id));
    // checkingPin and fault.deciding only choose the next state: nothing rests there.
    const transient = ['handset.checkingPin', 'handset.fault.deciding'];
    expect(missing.filter((id) => !transient.includes(id))).toEqual([]);
  });
});
