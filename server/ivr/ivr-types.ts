// The IVR's limits, the events it reports while a call runs, and how a call ends.
import type { Request, Response } from '../../modem/voice/request.ts';
import type { RefusalCode } from '../../modem/voice/payload-codec.ts';
import type { VoiceMode } from '../../modem/voice/symbol-modem.ts';
import type { WindowRefusal } from '../../protocol/ota/counter-check.ts';

/** Limits that end a call which is not going anywhere. */
export interface IvrLimits {
  /** No audio above `signalPower` for this long, not counting the IVR's own playing, ends the call, in ms. */
  readonly silenceTimeoutMs: number;
  /** Audio but no valid frame for this long ends the call, in ms. */
  readonly noFrameTimeoutMs: number;
  /** Longest call, in ms. */
  readonly callTimeoutMs: number;
  /** Damaged frames in a row that end the call as garbage. */
  readonly garbageLimit: number;
  /** Mean square (full scale 1) under which a frame counts as silence (about −50 dBm0). */
  readonly signalPower: number;
}

export const DEFAULT_IVR_LIMITS: IvrLimits = {
  silenceTimeoutMs: 10_000,
  noFrameTimeoutMs: 30_000,
  callTimeoutMs: 180_000,
  garbageLimit: 16,
  signalPower: 5e-6,
};

/** What happened during a call, in order. */
export type IvrEvent =
  | { readonly type: 'hello'; readonly offered: readonly VoiceMode[]; readonly selected: VoiceMode }
  | { readonly type: 'request'; readonly request: Request; readonly mode: VoiceMode }
  | { readonly type: 'response'; readonly seq: number; readonly response: Response }
  | { readonly type: 'duplicate'; readonly seq: number; readonly mode: VoiceMode }
  | { readonly type: 'damaged'; readonly mode: VoiceMode; readonly code: string }
  | { readonly type: 'bad-request'; readonly code: string }
  /** The unauthenticated refusal was played: 400 not opened, 409 counter refused. */
  | { readonly type: 'refused'; readonly seq: number; readonly code: RefusalCode }
  /** An exact copy of an accepted encrypted request: its stored reply was played again. */
  | { readonly type: 'retransmission'; readonly counter: number }
  | {
      readonly type: 'counter-refused';
      readonly counter: number;
      readonly reason: WindowRefusal | 'no-stored-reply';
    }
  | { readonly type: 'ack'; readonly seq: number };

/**
 * How a call ended: `completed` when the caller hung up after acknowledging every reply,
 * `caller-hung-up` when it hung up before that, the others after the error tone.
 */
export interface IvrOutcome {
  readonly kind:
    'completed' | 'caller-hung-up' | 'silence' | 'no-request' | 'garbage' | 'call-timeout';
  readonly requests: number;
  readonly atMs: number;
}

/** The result of one frame of audio. */
export interface IvrStep {
  readonly play?: Float32Array | undefined;
  readonly events: readonly IvrEvent[];
  readonly end?: IvrOutcome | undefined;
}
