// Actor results and identities for driving the handset machine in pure transition tests.
import type { transition } from 'xstate';
import type { handsetMachine } from '../../../firmware-sim/handset/handset-machine.ts';
import type { CardIdentity, Subscriber } from '../../../firmware-sim/handset/start-up.ts';

export type Event = Parameters<typeof transition<typeof handsetMachine>>[2];

export const identity = (pinEnabled: boolean, attempts = 3): CardIdentity => ({
  atr: Uint8Array.of(0x3b),
  mode: 'gsm',
  iccid: '89000101000000000081',
  chv1: { chv1Enabled: pinEnabled, chv1Attempts: attempts, unblockAttempts: 10 },
});

export const subscriber: Subscriber = {
  imsi: '001010123456789',
  msisdn: '+4085551234',
  serviceCentre: '+4085550001',
  smsRecords: 10,
  smsPpDownload: true,
  moSmsControl: true,
};

export const done = (id: string, output: unknown): Event =>
  ({ type: `xstate.done.actor.${id}`, output }) as unknown as Event;
export const failed = (id: string, error: unknown): Event =>
  ({ type: `xstate.error.actor.${id}`, error }) as unknown as Event;
