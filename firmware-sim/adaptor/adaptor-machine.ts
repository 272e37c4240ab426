// The adaptor as a card toward the handset (ISO/IEC 7816-3 §6.2 reset, §10 one command at a
// time) with the card's faults as states: removed, silent past the waiting time, a reset in the
// middle of a command; it recovers when the card is back or the handset resets it.
import { assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { AdaptorCore, DeviceEvent, Exchange } from './adaptor-core.ts';
import { cardFaultOf } from '../transport-error.ts';
import { AdaptorLinkError, type AdaptorFailure } from './link-error.ts';
import type { AdaptorNotice } from './notices.ts';

export type AdaptorEvent =
  | { readonly type: 'handset.apdu'; readonly apdu: CommandApdu }
  | { readonly type: 'handset.reset' }
  | { readonly type: 'card.removed' }
  | { readonly type: 'card.inserted' }
  | DeviceEvent;

export type AdaptorEmitted =
  | { readonly type: 'handset.response'; readonly response: ResponseApdu }
  | { readonly type: 'handset.atr'; readonly atr: Uint8Array }
  | { readonly type: 'handset.failure'; readonly code: AdaptorFailure }
  | AdaptorNotice;

export interface AdaptorMachineInput {
  readonly core: AdaptorCore;
}

interface AdaptorContext {
  readonly core: AdaptorCore;
  readonly apdu: CommandApdu | undefined;
  readonly device: DeviceEvent | undefined;
  /** The handset reset the card while the settings were still loading. */
  readonly resetRequested: boolean;
  /** A handset command arrived while a device event was handled; it runs next. */
  readonly apduWaiting: boolean;
}

/** Default delays in milliseconds: how long the card may stay silent before it counts as mute. */
export const ADAPTOR_DELAYS = { simResponseTimeout: 5000 } as const;

const isStorageFault = ({ event }: { event: unknown }): boolean => {
  const error = (event as { error?: unknown }).error;
  return error instanceof AdaptorLinkError && error.code === 'ADAPTOR_STORAGE_FAILED';
};

/** The card's link reports a card that is there but does not answer (a deadline, not a removal). */
const isSilentCard = ({ event }: { event: unknown }): boolean =>
  cardFaultOf((event as { error?: unknown }).error) === 'silent';

/** The adaptor toward the handset: loading, reset, one command at a time, and its faults. */
export const adaptorMachine = setup({
  types: {
    context: {} as AdaptorContext,
    events: {} as AdaptorEvent,
    input: {} as AdaptorMachineInput,
    emitted: {} as AdaptorEmitted,
  },
  actors: {
    loadSettings: fromPromise<void, { core: AdaptorCore }>(({ input }) => input.core.load()),
    resetCard: fromPromise<Uint8Array, { core: AdaptorCore }>(({ input }) => input.core.reset()),
    exchange: fromPromise<Exchange, { core: AdaptorCore; apdu: CommandApdu }>(({ input }) =>
      input.core.exchange(input.apdu),
    ),
    deviceEvent: fromPromise<readonly AdaptorNotice[], { core: AdaptorCore; event: DeviceEvent }>(
      ({ input }) => input.core.device(input.event),
    ),
  },
  delays: ADAPTOR_DELAYS,
  guards: {
    isStorageFault,
    isSilentCard,
    resetRequested: ({ context }) => context.resetRequested,
    apduWaiting: ({ context }) => context.apduWaiting,
  },
  actions: {
    failRemoved: emit({ type: 'handset.failure' as const, code: 'ADAPTOR_SIM_REMOVED' as const }),
    failSilent: emit({ type: 'handset.failure' as const, code: 'ADAPTOR_SIM_SILENT' as const }),
    failReset: emit({ type: 'handset.failure' as const, code: 'ADAPTOR_RESET' as const }),
    failBusy: emit({ type: 'handset.failure' as const, code: 'ADAPTOR_BUSY' as const }),
    failNotStarted: emit({
      type: 'handset.failure' as const,
      code: 'ADAPTOR_NOT_STARTED' as const,
    }),
    failStorage: emit({
      type: 'handset.failure' as const,
      code: 'ADAPTOR_STORAGE_FAILED' as const,
    }),
    announceAtr: emit(({ event }) => ({
      type: 'handset.atr' as const,
      atr: (event as unknown as { output: Uint8Array }).output,
    })),
    answer: enqueueActions(({ event, enqueue }) => {
      const exchange = (event as unknown as { output: Exchange }).output;
      for (const notice of exchange.notices) enqueue.emit(notice);
      enqueue.emit({ type: 'handset.response', response: exchange.response });
    }),
    publish: enqueueActions(({ event, enqueue }) => {
      const notices = (event as unknown as { output: readonly AdaptorNotice[] }).output;
      for (const notice of notices) enqueue.emit(notice);
    }),
  },
}).createMachine({
  id: 'adaptor',
  context: ({ input }) => ({
    core: input.core,
    apdu: undefined,
    device: undefined,
    resetRequested: false,
    apduWaiting: false,
  }),
  initial: 'loading',
  states: {
    loading: {
      invoke: {
        id: 'loadSettings',
        src: 'loadSettings',
        input: ({ context }) => ({ core: context.core }),
        onDone: [{ guard: 'resetRequested', target: 'resetting' }, { target: 'off' }],
        onError: { target: 'storageFault', actions: 'failStorage' },
      },
      on: {
        'handset.apdu': { actions: 'failNotStarted' },
        'handset.reset': { actions: assign({ resetRequested: true }) },
      },
    },
    off: {
      on: { 'handset.reset': 'resetting', 'handset.apdu': { actions: 'failNotStarted' } },
    },
    resetting: {
      invoke: {
        id: 'resetCard',
        src: 'resetCard',
        input: ({ context }) => ({ core: context.core }),
        onDone: { target: 'ready', actions: 'announceAtr' },
        onError: [
          { guard: 'isSilentCard', target: 'simSilent', actions: 'failSilent' },
          { target: 'simRemoved', actions: 'failRemoved' },
        ],
      },
      after: { simResponseTimeout: { target: 'simSilent', actions: 'failSilent' } },
      on: {
        'handset.apdu': { actions: 'failNotStarted' },
        'card.removed': { target: 'simRemoved', actions: 'failRemoved' },
      },
    },
    ready: {
      on: {
        'handset.apdu': {
          target: 'exchanging',
          actions: assign({ apdu: ({ event }) => event.apdu }),
        },
        'handset.reset': 'resetting',
        'card.removed': 'simRemoved',
        'device.button': {
          target: 'deviceWork',
          actions: assign({ device: ({ event }) => event }),
        },
        'device.ring': { target: 'deviceWork', actions: assign({ device: ({ event }) => event }) },
      },
    },
    exchanging: {
      invoke: {
        id: 'exchange',
        src: 'exchange',
        input: ({ context }) => ({ core: context.core, apdu: context.apdu! }),
        onDone: { target: 'ready', actions: 'answer' },
        onError: [
          { guard: 'isStorageFault', target: 'storageFault', actions: 'failStorage' },
          { guard: 'isSilentCard', target: 'simSilent', actions: 'failSilent' },
          { target: 'simRemoved', actions: 'failRemoved' },
        ],
      },
      after: { simResponseTimeout: { target: 'simSilent', actions: 'failSilent' } },
      on: {
        'handset.apdu': { actions: 'failBusy' },
        'handset.reset': { target: 'resetting', actions: 'failReset' },
        'card.removed': { target: 'simRemoved', actions: 'failRemoved' },
      },
    },
    deviceWork: {
      invoke: {
        id: 'deviceEvent',
        src: 'deviceEvent',
        input: ({ context }) => ({ core: context.core, event: context.device! }),
        onDone: [
          {
            guard: 'apduWaiting',
            target: 'exchanging',
            actions: ['publish', assign({ apduWaiting: false })],
          },
          { target: 'ready', actions: 'publish' },
        ],
        onError: [
          { guard: 'apduWaiting', target: 'exchanging', actions: assign({ apduWaiting: false }) },
          { target: 'ready' },
        ],
      },
      on: {
        'handset.apdu': [
          { guard: 'apduWaiting', actions: 'failBusy' },
          { actions: assign({ apdu: ({ event }) => event.apdu, apduWaiting: true }) },
        ],
      },
    },
    simRemoved: {
      on: {
        'handset.apdu': { actions: 'failRemoved' },
        'handset.reset': 'resetting',
        'card.inserted': 'resetting',
      },
    },
    simSilent: {
      on: {
        'handset.apdu': { actions: 'failSilent' },
        'handset.reset': 'resetting',
        'card.removed': 'simRemoved',
      },
    },
    storageFault: {
      on: { 'handset.apdu': { actions: 'failStorage' }, 'handset.reset': 'reloading' },
    },
    reloading: {
      invoke: {
        id: 'reloadSettings',
        src: 'loadSettings',
        input: ({ context }) => ({ core: context.core }),
        onDone: 'resetting',
        onError: { target: 'storageFault', actions: 'failStorage' },
      },
      on: { 'handset.apdu': { actions: 'failNotStarted' } },
    },
  },
});
