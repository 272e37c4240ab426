// The handset machine as a pure function (XState transition()): start-up, PIN, polling, the
// proactive cycle, requests and faults, with actor results given as done/error events.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
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

function run(...events: Event[]): Snapshot {
  let [snapshot] = initialTransition(handsetMachine, { ports });
  for (const event of events) [snapshot] = transition(handsetMachine, snapshot, event);
  return snapshot;
}

const toIdle = [
  done('powerOn', identity(false)),
  done('readSubscriber', subscriber),
  done('downloadProfile', { sw: 0x9000, pending: undefined }),
];

describe('handset machine transitions', () => {
  it('starts by powering the card on', () => {
    const [snapshot, actions] = initialTransition(handsetMachine, { ports });
    expect(snapshot.value).toBe('poweringOn');
    expect(actions.some((a) => a.type === 'xstate.spawnChild')).toBe(true);
  });

  it('skips the PIN when CHV1 is disabled and ends idle', () => {
    expect(run(...toIdle).value).toEqual({ ready: 'idle' });
  });

  it('asks for the PIN when CHV1 is enabled, and waits when the user gives none', () => {
    expect(run(done('powerOn', identity(true))).value).toBe('askingPin');
    expect(run(done('powerOn', identity(true)), done('askPin', undefined)).value).toBe(
      'waitingPin',
    );
  });

  it('goes to PUK entry when CHV1 is already blocked', () => {
    expect(run(done('powerOn', identity(true, 0))).value).toBe('waitingPuk');
  });

  it('counts a wrong PIN and blocks on the last attempt', () => {
    const asked = [done('powerOn', identity(true)), done('askPin', '0000')];
    const wrong = run(...asked, done('verifyPin', { kind: 'rejected', attemptsLeft: 2 }));
    expect(wrong.value).toBe('waitingPin');
    expect(wrong.context.pinAttempts).toBe(2);
    expect(run(...asked, done('verifyPin', { kind: 'blocked' })).value).toBe('waitingPuk');
  });

  it('takes a PIN request while waiting and refuses other requests', () => {
    const waiting = [done('powerOn', identity(true)), done('askPin', undefined)];
    const pin: Event = {
      type: 'user.request',
      request: { id: 1, job: { kind: 'enterPin', pin: '1234' } },
    };
    expect(run(...waiting, pin).value).toBe('verifyingPin');
    const list: Event = {
      type: 'user.request',
      request: { id: 2, job: { kind: 'listStored', storage: 'SM' } },
    };
    const [, actions] = transition(handsetMachine, run(...waiting), list);
    expect(actions.map((a) => a.type)).toContain('xstate.emit');
  });

  it('polls with STATUS after the interval and fetches an announced command', () => {
    const idle = run(...toIdle);
    const polled = transition(handsetMachine, idle, {
      type: 'xstate.after.statusInterval.handset.ready.idle',
    } as unknown as Event)[0];
    expect(polled.value).toEqual({ ready: 'polling' });
    const pending = transition(
      handsetMachine,
      polled,
      done('pollStatus', { sw: 0x9116, pending: 0x16 }),
    )[0];
    expect(pending.value).toEqual({ ready: 'fetching' });
  });

  it('runs a fetched command and answers it', () => {
    const fetching = run(
      ...toIdle.slice(0, 2),
      done('downloadProfile', { sw: 0x910b, pending: 11 }),
    );
    expect(fetching.value).toEqual({ ready: 'fetching' });
    const bytes = Uint8Array.of(0xd0);
    const running = transition(handsetMachine, fetching, done('fetchCommand', bytes))[0];
    expect(running.value).toEqual({ ready: 'runningCommand' });
    const response = transition(
      handsetMachine,
      running,
      done('runCommand', { response: undefined, command: undefined, screen: 'Hi' }),
    )[0];
    expect(response.value).toEqual({ ready: 'responding' });
    expect(response.context.screen).toEqual(['Hi']);
    const back = transition(
      handsetMachine,
      response,
      done('sendResponse', { sw: 0x9000, pending: undefined }),
    )[0];
    expect(back.value).toEqual({ ready: 'idle' });
  });

  it('queues requests and incoming SMS, serving them one at a time', () => {
    const idle = run(...toIdle);
    const sms: Event = {
      type: 'carrier.deliver',
      sms: { serviceCentre: '', tpdu: Uint8Array.of(0) },
    };
    const receiving = transition(handsetMachine, idle, sms)[0];
    expect(receiving.value).toEqual({ ready: 'receiving' });
    const request: Event = { type: 'user.request', request: { id: 7, job: { kind: 'hangUp' } } };
    const queued = transition(handsetMachine, receiving, request)[0];
    expect(queued.context.queue).toHaveLength(1);
    const working = transition(
      handsetMachine,
      queued,
      done('receiveSms', { outcome: undefined, pending: undefined }),
    )[0];
    expect(working.value).toEqual({ ready: 'working' });
    expect(working.context.current?.id).toBe(7);
  });

  it('turns a link failure into a fault state and powers on again on insertion', () => {
    const removed = run(failed('powerOn', new TransportError('PCSC_CARD_REMOVED', 'card removed')));
    expect(removed.value).toEqual({ fault: 'cardRemoved' });
    const poll = { type: 'xstate.after.statusInterval.handset.ready.idle' } as unknown as Event;
    const silent = run(...toIdle, poll, failed('pollStatus', new Error('no answer in time')));
    expect(silent.value).toEqual({ fault: 'cardSilent' });
    expect(transition(handsetMachine, silent, { type: 'card.inserted' })[0].value).toBe(
      'poweringOn',
    );
  });
});
