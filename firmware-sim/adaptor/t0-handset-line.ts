// The adaptor's card-side I/O line toward the handset (ISO/IEC 7816-3 §10.3, TS 102 221 §7.2):
// the incremental T=0 card transport of protocol/iso7816 around the adaptor's CardLink, with a
// NULL procedure byte (60) each half work waiting time while the card behind is slow.
import { assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import {
  initialT0CardState,
  t0CardNullByte,
  t0CardReceive,
  t0CardRespond,
  type T0CardOutput,
  type T0CardState,
} from '../../protocol/iso7816/t0-card.ts';
import type { CardLink } from '../card-link.ts';

export type LineEvent =
  | { readonly type: 'handset.bytes'; readonly bytes: Uint8Array }
  | { readonly type: 'handset.reset' };

export type LineEmitted =
  | { readonly type: 'line.bytes'; readonly bytes: Uint8Array }
  | { readonly type: 'line.atr'; readonly atr: Uint8Array };

interface LineContext {
  readonly link: CardLink;
  readonly line: T0CardState;
  readonly command: CommandApdu | undefined;
  readonly out: readonly Uint8Array[];
  readonly broken: boolean;
}

/** Default delays in milliseconds: half of WT = 9600 etu at 372 clocks per etu and 3.57 MHz. */
export const LINE_DELAYS = { halfWorkWaitingTime: 500 } as const;

/** Feeds bytes to the card transport; a byte the protocol does not allow breaks the line. */
function receive(context: LineContext, bytes: Uint8Array): Partial<LineContext> {
  let outputs: readonly T0CardOutput[];
  let line: T0CardState;
  try {
    ({ state: line, outputs } = t0CardReceive(context.line, bytes));
  } catch (error) {
    if (error instanceof DecodeError) return { broken: true, out: [] };
    throw error;
  }
  const out = outputs.flatMap((o) => (o.kind === 'transmit' ? [o.bytes] : []));
  const command = outputs.find((o) => o.kind === 'command');
  return { line, out, command: command?.kind === 'command' ? command.command : undefined };
}

/** The card-side T=0 line: bytes in from the handset, procedure bytes, data and SW out. */
export const t0HandsetLineMachine = setup({
  types: {
    context: {} as LineContext,
    events: {} as LineEvent,
    input: {} as { readonly link: CardLink },
    emitted: {} as LineEmitted,
  },
  actors: {
    transmit: fromPromise<ResponseApdu, { link: CardLink; apdu: CommandApdu }>(({ input }) =>
      input.link.transmit(input.apdu),
    ),
    reset: fromPromise<Uint8Array, { link: CardLink }>(({ input }) => input.link.reset()),
  },
  delays: LINE_DELAYS,
  guards: {
    hasCommand: ({ context }) => context.command !== undefined,
    broken: ({ context }) => context.broken,
  },
  actions: {
    receive: assign(({ context, event }) =>
      event.type === 'handset.bytes' ? receive(context, event.bytes) : {},
    ),
    flush: enqueueActions(({ context, enqueue }) => {
      for (const bytes of context.out) enqueue.emit({ type: 'line.bytes', bytes });
      enqueue.assign({ out: [] });
    }),
    respond: assign(({ context, event }) => {
      const response = (event as unknown as { output: ResponseApdu }).output;
      const step = t0CardRespond(context.line, response);
      const out = step.outputs.flatMap((o) => (o.kind === 'transmit' ? [o.bytes] : []));
      return { line: step.state, out, command: undefined };
    }),
    nullByte: emit(({ context }) => ({
      type: 'line.bytes' as const,
      bytes: t0CardNullByte(context.line),
    })),
    fresh: assign({ line: initialT0CardState(), command: undefined, out: [], broken: false }),
    announceAtr: emit(({ event }) => ({
      type: 'line.atr' as const,
      atr: (event as unknown as { output: Uint8Array }).output,
    })),
  },
}).createMachine({
  id: 't0HandsetLine',
  context: ({ input }) => ({
    link: input.link,
    line: initialT0CardState(),
    command: undefined,
    out: [],
    broken: false,
  }),
  initial: 'unpowered',
  on: { 'handset.reset': { target: '.resetting', actions: 'fresh' } },
  states: {
    unpowered: {},
    resetting: {
      invoke: {
        id: 'reset',
        src: 'reset',
        input: ({ context }) => ({ link: context.link }),
        onDone: { target: 'idle', actions: 'announceAtr' },
        onError: 'mute',
      },
    },
    idle: {
      on: { 'handset.bytes': { target: 'deciding', actions: ['receive', 'flush'] } },
    },
    deciding: {
      always: [
        { guard: 'broken', target: 'mute' },
        { guard: 'hasCommand', target: 'processing' },
        { target: 'idle' },
      ],
    },
    processing: {
      invoke: {
        id: 'transmit',
        src: 'transmit',
        input: ({ context }) => ({ link: context.link, apdu: context.command! }),
        onDone: { target: 'idle', actions: ['respond', 'flush'] },
        onError: 'mute',
      },
      initial: 'waiting',
      states: {
        waiting: {
          after: { halfWorkWaitingTime: { target: 'waiting', reenter: true, actions: 'nullByte' } },
        },
      },
      on: { 'handset.bytes': 'mute' },
    },
    mute: {},
  },
});
