// Merging the adaptor's proactive commands with the card's own (TS 102 221 §14.6, TS 102 223
// §6.2-6.3): one `91xx` announces whichever is waiting, FETCH is served from the adaptor's queue or
// passed to the card, and each TERMINAL RESPONSE goes to the owner of the command it answers.
import type { CommandDetails } from '../../protocol/cat/data-objects.ts';
import {
  commandDetailsOf,
  encodeProactiveCommand,
  type ProactiveCommand,
} from '../../protocol/cat/proactive-command.ts';
import { swProactive } from '../../protocol/iso7816/status-words.ts';

/** A command of one of the adaptor's applications, encoded once. */
export interface OwnCommand {
  readonly owner: string;
  readonly command: ProactiveCommand;
  readonly bytes: Uint8Array;
}

/** Proactive state of both sources: a plain immutable value. */
export interface MergeState {
  readonly queue: readonly OwnCommand[];
  /** Length the card announced with 91xx that the handset has not fetched yet. */
  readonly simPending: number | undefined;
  /** The adaptor's command the handset fetched and has not answered yet. */
  readonly ownOutstanding: OwnCommand | undefined;
  /** Number for the next command of the adaptor (1-254, TS 102 223 §8.6). */
  readonly nextNumber: number;
}

/** Nothing queued, nothing announced, numbering from 1. */
export const INITIAL_MERGE: MergeState = {
  queue: [],
  simPending: undefined,
  ownOutstanding: undefined,
  nextNumber: 1,
};

/** Adds a command of `owner` to the queue with the next command number. */
export function enqueue(state: MergeState, owner: string, command: ProactiveCommand): MergeState {
  const numbered = { ...command, commandNumber: state.nextNumber } as ProactiveCommand;
  const entry: OwnCommand = { owner, command: numbered, bytes: encodeProactiveCommand(numbered) };
  const nextNumber = state.nextNumber >= 0xfe ? 1 : state.nextNumber + 1;
  return { ...state, queue: [...state.queue, entry], nextNumber };
}

/**
 * The status word the handset sees for a final card status `sw`. A card's 91xx is kept (and
 * remembered); 9000 becomes 91xx when a card command announced earlier is still waiting or, with
 * no session of the adaptor open, when the adaptor has a command queued.
 */
export function announce(state: MergeState, sw: number): { state: MergeState; sw: number } {
  if (sw >> 8 === 0x91) return { state: { ...state, simPending: sw & 0xff || 256 }, sw };
  if (sw !== 0x9000) return { state, sw };
  if (state.simPending !== undefined) return { state, sw: swProactive(state.simPending) };
  const head = state.queue[0];
  if (head === undefined || state.ownOutstanding !== undefined) return { state, sw };
  return { state, sw: swProactive(head.bytes.length) };
}

/** Whose command a FETCH gets: the card's when it announced one, else the adaptor's if queued. */
export function fetchSource(state: MergeState): 'own' | 'sim' {
  if (state.simPending !== undefined || state.ownOutstanding !== undefined) return 'sim';
  return state.queue.length > 0 ? 'own' : 'sim';
}

/** Takes the head of the adaptor's queue as the command the handset now holds. */
export function takeOwn(state: MergeState): { state: MergeState; command: OwnCommand } {
  const [command, ...queue] = state.queue;
  if (command === undefined) throw new Error('no command of the adaptor is queued');
  return { state: { ...state, queue, ownOutstanding: command }, command };
}

/** The card's command was fetched: nothing of the card's is waiting any more. */
export const simFetched = (state: MergeState): MergeState => ({ ...state, simPending: undefined });

/** The adaptor's command a TERMINAL RESPONSE with `details` answers, if any. */
export function ownAnswered(state: MergeState, details: CommandDetails): OwnCommand | undefined {
  const own = state.ownOutstanding;
  if (own === undefined) return undefined;
  const d = commandDetailsOf(own.command);
  const same = d.commandNumber === details.commandNumber && d.commandType === details.commandType;
  return same ? own : undefined;
}

/** The adaptor's command was answered. */
export const ownDone = (state: MergeState): MergeState => ({ ...state, ownOutstanding: undefined });

/** Drops everything that belongs to a session with the handset (after a reset). */
export const resetMerge = (state: MergeState): MergeState => ({
  ...INITIAL_MERGE,
  nextNumber: state.nextNumber,
});

/** Removes queued commands of the adaptor that `superseded` matches (e.g. an older menu). */
export function dropQueued(
  state: MergeState,
  superseded: (command: OwnCommand) => boolean,
): MergeState {
  return { ...state, queue: state.queue.filter((c) => !superseded(c)) };
}
