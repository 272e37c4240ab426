// A CardLink that replays a recorded APDU trace (protocol/trace/apdu-trace.ts): each reset and
// command must be the next one in the recording, and is answered with the recorded response. It
// lets a handset or adaptor run against a capture of a real card (ISO/IEC 7816-3 §10.3 TPDU view).
import { toSpacedHex } from '../protocol/bytes/index.ts';
import {
  decodeResponseApdu,
  type CommandApdu,
  type ResponseApdu,
} from '../protocol/iso7816/apdu.ts';
import type { TraceEntry } from '../protocol/trace/trace-event.ts';
import type { CardLink } from './card-link.ts';

export type TraceReplayFailure = 'TRACE_REPLAY_MISMATCH' | 'TRACE_REPLAY_EXHAUSTED';

/** The terminal did something other than what the recording holds next. */
export class TraceReplayError extends Error {
  override readonly name = 'TraceReplayError';
  constructor(
    readonly code: TraceReplayFailure,
    readonly entryIndex: number,
    message: string,
  ) {
    super(`${code} at trace entry ${entryIndex + 1}: ${message}`);
  }
}

/** A replaying card link, with how much of the recording has been used. */
export interface TraceReplayLink extends CardLink {
  /** Entries not replayed yet. */
  readonly remaining: () => number;
}

/**
 * Replays `entries` in order. A command is compared in its T=0 TPDU form (header with P3, then
 * the command data), which is how traces record it; the recorded response is returned as is.
 */
export function createTraceReplayLink(entries: readonly TraceEntry[]): TraceReplayLink {
  let next = 0;
  const take = (): TraceEntry => {
    const entry = entries[next];
    if (entry === undefined) {
      throw new TraceReplayError(
        'TRACE_REPLAY_EXHAUSTED',
        next,
        'the recording has no more entries',
      );
    }
    return entry;
  };
  return {
    remaining: () => entries.length - next,
    async reset(): Promise<Uint8Array> {
      const entry = take();
      if (entry.kind !== 'atr') {
        throw new TraceReplayError(
          'TRACE_REPLAY_MISMATCH',
          next,
          'reset, but the recording has a command next',
        );
      }
      next++;
      return entry.atr.slice();
    },
    async transmit(apdu: CommandApdu): Promise<ResponseApdu> {
      const entry = take();
      const sent = commandTpdu(apdu);
      if (entry.kind !== 'apdu') {
        throw new TraceReplayError(
          'TRACE_REPLAY_MISMATCH',
          next,
          `sent ${toSpacedHex(sent)}, but the recording has a reset next`,
        );
      }
      if (toSpacedHex(sent) !== toSpacedHex(entry.command)) {
        const message = `sent ${toSpacedHex(sent)}, recorded ${toSpacedHex(entry.command)}`;
        throw new TraceReplayError('TRACE_REPLAY_MISMATCH', next, message);
      }
      next++;
      return decodeResponseApdu(entry.response);
    },
  };
}

/** The T=0 TPDU of a short command APDU: P3 is Lc when there is data, otherwise Le (256 → 00). */
function commandTpdu(apdu: CommandApdu): Uint8Array {
  const p3 = apdu.data.length > 0 ? apdu.data.length : (apdu.ne ?? 0) % 256;
  const out = new Uint8Array(5 + apdu.data.length);
  out.set([apdu.cla, apdu.ins, apdu.p1, apdu.p2, p3]);
  out.set(apdu.data, 5);
  return out;
}
