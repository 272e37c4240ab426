// The emulated handset (3GPP TS 51.011 §11.2 SIM start-up, TS 51.014 / TS 31.111 §6 proactive
// polling and command handling, TS 23.040 SMS): power-on, PIN, idle with STATUS polling, proactive
// sessions, user requests and incoming SMS one at a time, and card faults as states.
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { TerminalResponse } from '../../protocol/cat/index.ts';
import { handsetActors, type HandsetMemory, type HandsetPorts } from './handset-actors.ts';
import {
  appendLine,
  attemptsOf,
  faultOf,
  isPinJob,
  reasonOf,
  type HandsetFault,
} from './handset-support.ts';
import type { HandsetJob, JobErrorCode, JobResult, Storage } from './jobs.ts';
import type { StoredSms } from './stored-sms.ts';
import type { IncomingSms, ReceiveOutcome } from './mt-sms.ts';
import type { CardIdentity, Subscriber } from './start-up.ts';

/** A request from the user with the id its answer will carry. */
export interface HandsetRequest {
  readonly id: number;
  readonly job: HandsetJob;
}

export type HandsetEvent =
  | { readonly type: 'user.request'; readonly request: HandsetRequest }
  | { readonly type: 'carrier.deliver'; readonly sms: IncomingSms }
  | { readonly type: 'card.inserted' };

export interface MenuItem {
  readonly id: number;
  readonly text: string;
}

export type HandsetEmitted =
  | { readonly type: 'request.done'; readonly id: number; readonly result: JobResult }
  | { readonly type: 'screen.text'; readonly text: string }
  | { readonly type: 'menu.changed'; readonly items: readonly MenuItem[] }
  | {
      readonly type: 'sms.received';
      readonly outcome: ReceiveOutcome;
      /** Where the message was stored and at which index, when it was stored. */
      readonly storage?: Storage;
      readonly index?: number;
      readonly sms?: StoredSms;
    }
  | { readonly type: 'card.fault'; readonly fault: HandsetFault; readonly reason: string };

export interface HandsetInput {
  readonly ports: HandsetPorts;
  /** Milliseconds between STATUS polls (TS 51.014 §6.4.6: the default poll interval is 30 s). */
  readonly statusInterval?: number;
}

export interface HandsetContext {
  readonly ports: HandsetPorts;
  readonly statusInterval: number;
  readonly identity: CardIdentity | undefined;
  readonly subscriber: Subscriber | undefined;
  readonly pinAttempts: number;
  readonly pukAttempts: number;
  readonly queue: readonly HandsetRequest[];
  readonly current: HandsetRequest | undefined;
  readonly inbox: readonly IncomingSms[];
  readonly memory: HandsetMemory;
  /** Length of the proactive command the card announced with 91 xx. */
  readonly pending: number | undefined;
  readonly fetched: Uint8Array | undefined;
  readonly response: TerminalResponse | undefined;
  readonly menu: readonly MenuItem[];
  readonly screen: readonly string[];
  readonly messageReference: number;
  readonly faultReason: string;
}

const SCREEN_LINES = 20;
const NO_REQUEST = -1;
const failed = (error: JobErrorCode): JobResult => ({ ok: false, error });
const pendingOf = ({ event }: { event: { output: { pending: number | undefined } } }) =>
  event.output.pending;

export const handsetMachine = setup({
  types: {
    context: {} as HandsetContext,
    events: {} as HandsetEvent,
    input: {} as HandsetInput,
    emitted: {} as HandsetEmitted,
  },
  actors: handsetActors,
  delays: { statusInterval: ({ context }) => context.statusInterval },
  guards: {
    pinNeeded: ({ context }) => context.identity?.chv1.chv1Enabled === true,
    pinBlocked: ({ context }) =>
      context.identity?.chv1.chv1Enabled === true && context.identity.chv1.chv1Attempts === 0,
    pinRequest: ({ event }) =>
      event.type === 'user.request' && isPinJob(event.request.job, 'enterPin'),
    pukRequest: ({ event }) =>
      event.type === 'user.request' && isPinJob(event.request.job, 'enterPuk'),
    queuedPinRequest: ({ context }) => isPinJob(context.queue[0]?.job, 'enterPin'),
    queuedPukRequest: ({ context }) => isPinJob(context.queue[0]?.job, 'enterPuk'),
    proactivePending: ({ context }) => context.pending !== undefined,
    requestQueued: ({ context }) => context.queue.length > 0,
    smsWaiting: ({ context }) => context.inbox.length > 0,
    cardRemoved: ({ context }) => faultOf(context.faultReason) === 'removed',
  },
  actions: {
    enqueue: assign({
      queue: ({ context, event }) =>
        event.type === 'user.request' ? [...context.queue, event.request] : context.queue,
    }),
    deliver: assign({
      inbox: ({ context, event }) =>
        event.type === 'carrier.deliver' ? [...context.inbox, event.sms] : context.inbox,
    }),
    takeQueued: assign({
      current: ({ context }) => context.queue[0],
      queue: ({ context }) => context.queue.slice(1),
    }),
    takeEvent: assign({
      current: ({ event }) => (event.type === 'user.request' ? event.request : undefined),
    }),
    answer: emit(({ context }, params: { result: JobResult }) => ({
      type: 'request.done' as const,
      id: context.current?.id ?? NO_REQUEST,
      result: params.result,
    })),
    answerEvent: emit(({ event }, params: { result: JobResult }) => ({
      type: 'request.done' as const,
      id: event.type === 'user.request' ? event.request.id : NO_REQUEST,
      result: params.result,
    })),
    clearCurrent: assign({ current: undefined }),
    recordFault: assign({ faultReason: (_, params: { error: unknown }) => reasonOf(params.error) }),
    announceFault: emit(({ context }) => ({
      type: 'card.fault' as const,
      fault: faultOf(context.faultReason),
      reason: context.faultReason,
    })),
  },
}).createMachine({
  id: 'handset',
  context: ({ input }) => ({
    ports: input.ports,
    statusInterval: input.statusInterval ?? 30_000,
    identity: undefined,
    subscriber: undefined,
    pinAttempts: 0,
    pukAttempts: 0,
    queue: [],
    current: undefined,
    inbox: [],
    memory: [],
    pending: undefined,
    fetched: undefined,
    response: undefined,
    menu: [],
    screen: [],
    messageReference: 0,
    faultReason: '',
  }),
  initial: 'poweringOn',
  on: { 'carrier.deliver': { actions: 'deliver' }, 'user.request': { actions: 'enqueue' } },
  states: {
    poweringOn: {
      entry: assign({ pending: undefined, current: undefined }),
      invoke: {
        src: 'powerOn',
        input: ({ context }) => ({ ports: context.ports }),
        onDone: {
          target: 'checkingPin',
          actions: assign({
            identity: ({ event }) => event.output,
            pinAttempts: ({ event }) => event.output.chv1.chv1Attempts,
            pukAttempts: ({ event }) => event.output.chv1.unblockAttempts,
          }),
        },
        onError: {
          target: 'fault',
          actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
        },
      },
    },
    checkingPin: {
      always: [
        { guard: 'pinBlocked', target: 'waitingPuk' },
        { guard: 'pinNeeded', target: 'askingPin' },
        { target: 'readingSubscriber' },
      ],
    },
    askingPin: {
      invoke: {
        src: 'askPin',
        input: ({ context }) => ({ ports: context.ports }),
        onDone: [
          {
            guard: ({ event }) => event.output !== undefined,
            target: 'verifyingPin',
            actions: assign({
              current: ({ event }) => ({
                id: NO_REQUEST,
                job: { kind: 'enterPin' as const, pin: event.output ?? '' },
              }),
            }),
          },
          { target: 'waitingPin' },
        ],
        onError: 'waitingPin',
      },
    },
    waitingPin: {
      always: [
        { guard: 'queuedPinRequest', target: 'verifyingPin', actions: 'takeQueued' },
        {
          guard: 'requestQueued',
          actions: [
            'takeQueued',
            { type: 'answer', params: { result: failed('pinRequired') } },
            'clearCurrent',
          ],
        },
      ],
      on: {
        'user.request': [
          { guard: 'pinRequest', target: 'verifyingPin', actions: 'takeEvent' },
          { actions: { type: 'answerEvent', params: { result: failed('pinRequired') } } },
        ],
      },
    },
    waitingPuk: {
      always: [
        { guard: 'queuedPukRequest', target: 'unblockingPin', actions: 'takeQueued' },
        {
          guard: 'requestQueued',
          actions: [
            'takeQueued',
            { type: 'answer', params: { result: failed('pukRequired') } },
            'clearCurrent',
          ],
        },
      ],
      on: {
        'user.request': [
          { guard: 'pukRequest', target: 'unblockingPin', actions: 'takeEvent' },
          { actions: { type: 'answerEvent', params: { result: failed('pukRequired') } } },
        ],
      },
    },
    verifyingPin: {
      invoke: {
        src: 'verifyPin',
        input: ({ context }) => ({
          ports: context.ports,
          pin: context.current?.job.kind === 'enterPin' ? context.current.job.pin : '',
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.kind === 'accepted',
            target: 'readingSubscriber',
            actions: [{ type: 'answer', params: { result: { ok: true } } }, 'clearCurrent'],
          },
          {
            guard: ({ event }) => event.output.kind === 'blocked',
            target: 'waitingPuk',
            actions: [
              assign({ pinAttempts: 0 }),
              { type: 'answer', params: { result: failed('incorrectPassword') } },
              'clearCurrent',
            ],
          },
          {
            target: 'waitingPin',
            actions: [
              assign({ pinAttempts: ({ event }) => attemptsOf(event.output) }),
              { type: 'answer', params: { result: failed('incorrectPassword') } },
              'clearCurrent',
            ],
          },
        ],
        onError: {
          target: 'fault',
          actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
        },
      },
    },
    unblockingPin: {
      invoke: {
        src: 'unblockPin',
        input: ({ context }) => {
          const job = context.current?.job;
          const codes = job?.kind === 'enterPuk' ? job : { puk: '', newPin: '' };
          return { ports: context.ports, puk: codes.puk, newPin: codes.newPin };
        },
        onDone: [
          {
            guard: ({ event }) => event.output.kind === 'accepted',
            target: 'readingSubscriber',
            actions: [{ type: 'answer', params: { result: { ok: true } } }, 'clearCurrent'],
          },
          {
            target: 'waitingPuk',
            actions: [
              assign({ pukAttempts: ({ event }) => attemptsOf(event.output) }),
              { type: 'answer', params: { result: failed('incorrectPassword') } },
              'clearCurrent',
            ],
          },
        ],
        onError: {
          target: 'fault',
          actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
        },
      },
    },
    readingSubscriber: {
      invoke: {
        src: 'readSubscriber',
        input: ({ context }) => ({ ports: context.ports }),
        onDone: {
          target: 'downloadingProfile',
          actions: assign({ subscriber: ({ event }) => event.output, pinAttempts: 3 }),
        },
        onError: {
          target: 'fault',
          actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
        },
      },
    },
    downloadingProfile: {
      invoke: {
        src: 'downloadProfile',
        input: ({ context }) => ({ ports: context.ports }),
        onDone: { target: 'ready', actions: assign({ pending: pendingOf }) },
        onError: {
          target: 'fault',
          actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
        },
      },
    },
    ready: {
      initial: 'idle',
      states: {
        idle: {
          always: [
            { guard: 'proactivePending', target: 'fetching' },
            { guard: 'smsWaiting', target: 'receiving' },
            { guard: 'requestQueued', target: 'working', actions: 'takeQueued' },
          ],
          after: { statusInterval: 'polling' },
        },
        polling: {
          invoke: {
            src: 'pollStatus',
            input: ({ context }) => ({ ports: context.ports }),
            onDone: { target: 'idle', actions: assign({ pending: pendingOf }) },
            onError: {
              target: '#handset.fault',
              actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
            },
          },
        },
        working: {
          invoke: {
            src: 'runJob',
            input: ({ context }) => ({
              ports: context.ports,
              job: context.current?.job ?? { kind: 'hangUp' as const },
              settings: {
                serviceCentre: context.subscriber?.serviceCentre ?? '',
                moSmsControl: context.subscriber?.moSmsControl ?? false,
                messageReference: context.messageReference,
                memory: context.memory,
              },
            }),
            onDone: {
              target: 'idle',
              actions: [
                { type: 'answer', params: ({ event }) => ({ result: event.output.result }) },
                assign({
                  memory: ({ event }) => event.output.memory,
                  pending: pendingOf,
                  messageReference: ({ context, event }) =>
                    (context.messageReference + (event.output.messageReferenceUsed ? 1 : 0)) & 0xff,
                }),
                'clearCurrent',
              ],
            },
            onError: {
              target: '#handset.fault',
              actions: [
                { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
                { type: 'answer', params: { result: failed('simFailure') } },
                'clearCurrent',
              ],
            },
          },
        },
        receiving: {
          invoke: {
            src: 'receiveSms',
            input: ({ context }) => ({
              ports: context.ports,
              sms: context.inbox[0]!,
              download: context.subscriber?.smsPpDownload ?? false,
            }),
            onDone: {
              target: 'idle',
              actions: [
                assign({
                  inbox: ({ context }) => context.inbox.slice(1),
                  pending: pendingOf,
                  memory: ({ context, event }) => {
                    const outcome = event.output.outcome;
                    return outcome?.kind === 'forHandset'
                      ? [...context.memory, outcome.sms]
                      : context.memory;
                  },
                }),
                enqueueActions(({ context, event, enqueue }) => {
                  const outcome = event.output.outcome;
                  if (outcome === undefined) {
                    enqueue.emit({ type: 'screen.text', text: 'unreadable message discarded' });
                  } else if (outcome.kind === 'storedOnSim') {
                    enqueue.emit({
                      type: 'sms.received',
                      outcome,
                      storage: 'SM',
                      index: outcome.index,
                    });
                  } else if (outcome.kind === 'forHandset') {
                    const index = context.memory.length;
                    enqueue.emit({
                      type: 'sms.received',
                      outcome,
                      storage: 'ME',
                      index,
                      sms: outcome.sms,
                    });
                  } else {
                    enqueue.emit({ type: 'sms.received', outcome });
                  }
                }),
              ],
            },
            onError: {
              target: '#handset.fault',
              actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
            },
          },
        },
        fetching: {
          invoke: {
            src: 'fetchCommand',
            input: ({ context }) => ({ ports: context.ports, length: context.pending ?? 0 }),
            onDone: {
              target: 'runningCommand',
              actions: assign({ fetched: ({ event }) => event.output, pending: undefined }),
            },
            onError: {
              target: '#handset.fault',
              actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
            },
          },
        },
        runningCommand: {
          invoke: {
            src: 'runCommand',
            input: ({ context }) => ({
              ports: context.ports,
              bytes: context.fetched ?? new Uint8Array(0),
              settings: {
                serviceCentre: context.subscriber?.serviceCentre ?? '',
                moSmsControl: context.subscriber?.moSmsControl ?? false,
                messageReference: context.messageReference,
              },
            }),
            onDone: {
              target: 'responding',
              actions: [
                assign({
                  response: ({ event }) => event.output.response,
                  messageReference: ({ context, event }) =>
                    (context.messageReference + (event.output.messageReferenceUsed ? 1 : 0)) & 0xff,
                  screen: ({ context, event }) =>
                    event.output.screen === undefined
                      ? context.screen
                      : appendLine(context.screen, event.output.screen, SCREEN_LINES),
                  menu: ({ context, event }) => {
                    const c = event.output.command;
                    if (c?.type !== 'setUpMenu') return context.menu;
                    return c.items.flatMap((item) => (item === null ? [] : [item]));
                  },
                }),
                enqueueActions(({ context, event, enqueue }) => {
                  if (event.output.screen !== undefined) {
                    enqueue.emit({ type: 'screen.text', text: event.output.screen });
                  }
                  if (event.output.command?.type === 'setUpMenu') {
                    enqueue.emit({ type: 'menu.changed', items: context.menu });
                  }
                }),
              ],
            },
            onError: {
              target: '#handset.fault',
              actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
            },
          },
        },
        responding: {
          invoke: {
            src: 'sendResponse',
            input: ({ context }) => ({ ports: context.ports, response: context.response }),
            onDone: {
              target: 'idle',
              actions: assign({ pending: pendingOf, response: undefined, fetched: undefined }),
            },
            onError: {
              target: '#handset.fault',
              actions: { type: 'recordFault', params: ({ event }) => ({ error: event.error }) },
            },
          },
        },
      },
    },
    fault: {
      entry: 'announceFault',
      initial: 'deciding',
      states: {
        deciding: {
          always: [{ guard: 'cardRemoved', target: 'cardRemoved' }, { target: 'cardSilent' }],
        },
        cardRemoved: {},
        cardSilent: {},
      },
      always: {
        guard: 'requestQueued',
        actions: [
          'takeQueued',
          { type: 'answer', params: { result: failed('simFailure') } },
          'clearCurrent',
        ],
      },
      on: {
        'card.inserted': 'poweringOn',
        'user.request': {
          actions: { type: 'answerEvent', params: { result: failed('simFailure') } },
        },
      },
    },
  },
});
