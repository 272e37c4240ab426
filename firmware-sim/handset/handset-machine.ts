// The emulated handset (3GPP TS 51.011 §11.2 SIM start-up, TS 51.014 / TS 31.111 §6 proactive
// polling and command handling, TS 23.040 SMS): power-on, PIN, idle with STATUS polling, proactive
// sessions, user requests and incoming SMS one at a time, and card faults as states.
import { assign, emit, enqueueActions, setup } from 'xstate';
import { handsetActors } from './handset-actors.ts';
import { noResponseFor } from './proactive-runner.ts';
import {
  appendLine,
  attemptsOf,
  faultOf,
  isPinJob,
  reasonOf,
  receivedNotice,
} from './handset-support.ts';
import {
  initialContext,
  type HandsetContext,
  type HandsetEmitted,
  type HandsetEvent,
  type HandsetInput,
} from './handset-types.ts';
import type { JobErrorCode, JobResult } from './jobs.ts';

export type * from './handset-types.ts';

const SCREEN_LINES = 20;
const NO_REQUEST = -1;
const failed = (error: JobErrorCode): JobResult => ({ ok: false, error });
/** Every card failure ends in the fault state with its reason recorded. */
const TO_FAULT = { target: '#handset.fault', actions: 'recordFault' } as const;
const answerFailure = (error: JobErrorCode) =>
  ({ type: 'answer', params: { result: failed(error) } }) as const;
/** The ports and the command set chosen at start-up, as every card step takes them. */
const cardInput = ({ context }: { context: HandsetContext }) => ({
  ports: context.ports,
  mode: context.mode,
});
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
  delays: {
    statusInterval: ({ context }) => context.statusInterval,
    userResponseTimeout: ({ context }) => context.userResponseTimeout,
  },
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
    cardRemoved: ({ context }) => context.fault === 'removed',
    restartCard: ({ context }) => context.restart === 'card',
    restartSubscriber: ({ context }) => context.restart === 'subscriber',
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
    clearCommand: assign({ response: undefined, fetched: undefined, restart: undefined }),
    recordFault: assign({
      faultReason: ({ event }) => reasonOf((event as { error?: unknown }).error),
      fault: ({ event }) => faultOf((event as { error?: unknown }).error),
    }),
    announceFault: emit(({ context }) => ({
      type: 'card.fault' as const,
      fault: context.fault,
      reason: context.faultReason,
    })),
  },
}).createMachine({
  id: 'handset',
  context: ({ input }) => initialContext(input),
  initial: 'poweringOn',
  on: { 'carrier.deliver': { actions: 'deliver' }, 'user.request': { actions: 'enqueue' } },
  states: {
    poweringOn: {
      entry: assign({ pending: undefined, current: undefined }),
      invoke: {
        id: 'powerOn',
        src: 'powerOn',
        input: ({ context }) => ({ ports: context.ports }),
        onDone: {
          target: 'checkingPin',
          actions: assign({
            identity: ({ event }) => event.output,
            mode: ({ event }) => event.output.mode,
            pinAttempts: ({ event }) => event.output.chv1.chv1Attempts,
            pukAttempts: ({ event }) => event.output.chv1.unblockAttempts,
          }),
        },
        onError: TO_FAULT,
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
        id: 'askPin',
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
          actions: ['takeQueued', answerFailure('pinRequired'), 'clearCurrent'],
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
          actions: ['takeQueued', answerFailure('pukRequired'), 'clearCurrent'],
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
        id: 'verifyPin',
        src: 'verifyPin',
        input: ({ context }) => ({
          ...cardInput({ context }),
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
              answerFailure('incorrectPassword'),
              'clearCurrent',
            ],
          },
          {
            target: 'waitingPin',
            actions: [
              assign({ pinAttempts: ({ event }) => attemptsOf(event.output) }),
              answerFailure('incorrectPassword'),
              'clearCurrent',
            ],
          },
        ],
        onError: TO_FAULT,
      },
    },
    unblockingPin: {
      invoke: {
        id: 'unblockPin',
        src: 'unblockPin',
        input: ({ context }) => {
          const job = context.current?.job;
          const codes = job?.kind === 'enterPuk' ? job : { puk: '', newPin: '' };
          return { ...cardInput({ context }), puk: codes.puk, newPin: codes.newPin };
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
              answerFailure('incorrectPassword'),
              'clearCurrent',
            ],
          },
        ],
        onError: TO_FAULT,
      },
    },
    readingSubscriber: {
      invoke: {
        id: 'readSubscriber',
        src: 'readSubscriber',
        input: cardInput,
        onDone: {
          target: 'downloadingProfile',
          actions: assign({ subscriber: ({ event }) => event.output, pinAttempts: 3 }),
        },
        onError: TO_FAULT,
      },
    },
    downloadingProfile: {
      invoke: {
        id: 'downloadProfile',
        src: 'downloadProfile',
        input: cardInput,
        onDone: { target: 'ready', actions: assign({ pending: pendingOf }) },
        onError: TO_FAULT,
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
            id: 'pollStatus',
            src: 'pollStatus',
            input: cardInput,
            onDone: { target: 'idle', actions: assign({ pending: pendingOf }) },
            onError: TO_FAULT,
          },
        },
        working: {
          invoke: {
            id: 'runJob',
            src: 'runJob',
            input: ({ context }) => ({
              ...cardInput({ context }),
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
              actions: ['recordFault', answerFailure('simFailure'), 'clearCurrent'],
            },
          },
        },
        receiving: {
          invoke: {
            id: 'receiveSms',
            src: 'receiveSms',
            input: ({ context }) => ({
              ...cardInput({ context }),
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
                emit(({ context, event }) =>
                  receivedNotice(event.output.outcome, context.memory.length),
                ),
              ],
            },
            onError: TO_FAULT,
          },
        },
        fetching: {
          invoke: {
            id: 'fetchCommand',
            src: 'fetchCommand',
            input: ({ context }) => ({ ...cardInput({ context }), length: context.pending ?? 0 }),
            onDone: {
              target: 'runningCommand',
              actions: assign({ fetched: ({ event }) => event.output, pending: undefined }),
            },
            onError: TO_FAULT,
          },
        },
        runningCommand: {
          after: {
            userResponseTimeout: {
              target: 'responding',
              actions: assign({
                response: ({ context }) => noResponseFor(context.fetched ?? new Uint8Array(0)),
              }),
            },
          },
          invoke: {
            id: 'runCommand',
            src: 'runCommand',
            input: ({ context }) => ({
              ...cardInput({ context }),
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
                  restart: ({ event }) => event.output.restart,
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
            onError: TO_FAULT,
          },
        },
        responding: {
          invoke: {
            id: 'sendResponse',
            src: 'sendResponse',
            input: ({ context }) => ({ ...cardInput({ context }), response: context.response }),
            onDone: [
              { guard: 'restartCard', target: '#handset.poweringOn', actions: 'clearCommand' },
              {
                guard: 'restartSubscriber',
                target: '#handset.readingSubscriber',
                actions: 'clearCommand',
              },
              { target: 'idle', actions: ['clearCommand', assign({ pending: pendingOf })] },
            ],
            onError: TO_FAULT,
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
        actions: ['takeQueued', answerFailure('simFailure'), 'clearCurrent'],
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
