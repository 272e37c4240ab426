// Stop-and-wait ARQ for the sender of a request frame: resend on NAK, on a damaged reply or when
// no reply came within the timeout, up to a bounded number of attempts. Pure: time is passed in.

/** Limits of the retransmission scheme. */
export interface ArqConfig {
  /** Transmissions of one frame, the first included. */
  readonly maxAttempts: number;
  /** How long to wait for a reply after the frame has been played out, in ms. */
  readonly replyTimeoutMs: number;
}

/** Where the sender stands. */
export interface ArqState {
  readonly phase: 'transmitting' | 'waiting' | 'done' | 'failed';
  readonly attempts: number;
  readonly retransmissions: number;
  readonly deadlineMs: number;
  /** Why the last resend happened, or why it failed. */
  readonly reason: 'none' | 'nak' | 'damaged' | 'timeout';
}

/** What happened on the line. */
export type ArqEvent =
  | { readonly type: 'transmitted'; readonly nowMs: number }
  | { readonly type: 'reply' }
  | { readonly type: 'nak' }
  | { readonly type: 'damaged' }
  | { readonly type: 'tick'; readonly nowMs: number };

/** What the sender must do next. */
export type ArqAction = 'transmit' | 'wait' | 'succeed' | 'fail';

/** The first transmission. */
export function arqStart(): { readonly state: ArqState; readonly action: ArqAction } {
  return {
    state: {
      phase: 'transmitting',
      attempts: 1,
      retransmissions: 0,
      deadlineMs: Infinity,
      reason: 'none',
    },
    action: 'transmit',
  };
}

function resend(state: ArqState, config: ArqConfig, reason: ArqState['reason']) {
  if (state.attempts >= config.maxAttempts)
    return { state: { ...state, phase: 'failed' as const, reason }, action: 'fail' as const };
  const next: ArqState = {
    phase: 'transmitting',
    attempts: state.attempts + 1,
    retransmissions: state.retransmissions + 1,
    deadlineMs: Infinity,
    reason,
  };
  return { state: next, action: 'transmit' as const };
}

/** Advances the sender by one event. */
export function arqStep(
  state: ArqState,
  event: ArqEvent,
  config: ArqConfig,
): { readonly state: ArqState; readonly action: ArqAction } {
  if (state.phase === 'done' || state.phase === 'failed')
    return { state, action: state.phase === 'done' ? 'succeed' : 'fail' };
  switch (event.type) {
    case 'reply':
      return { state: { ...state, phase: 'done' }, action: 'succeed' };
    case 'transmitted':
      if (state.phase !== 'transmitting') return { state, action: 'wait' };
      return {
        state: { ...state, phase: 'waiting', deadlineMs: event.nowMs + config.replyTimeoutMs },
        action: 'wait',
      };
    case 'nak':
    case 'damaged':
      if (state.phase !== 'waiting') return { state, action: 'wait' };
      return resend(state, config, event.type);
    case 'tick':
      if (state.phase !== 'waiting' || event.nowMs < state.deadlineMs)
        return { state, action: 'wait' };
      return resend(state, config, 'timeout');
  }
}
