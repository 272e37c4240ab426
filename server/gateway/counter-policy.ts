// The server's counter policy of DESIGN.md "Encryption and sequence numbers" per device mode: the
// sliding window of protocol/ota (each counter once, in any order within the window, exact
// retransmissions recognised, violations counted up to a freeze), "exactly one higher" (a window
// of one) and "no check" for bench tests of real cards.
import {
  checkWindow,
  type WindowDecision,
  type WindowPolicy,
  type WindowState,
} from '../../protocol/ota/counter-check.ts';
import { bytesEqual } from '../../protocol/bytes/index.ts';
import type { CounterPolicyMode } from './device-records.ts';

/** Settings of the sliding window (DESIGN.md); violations before a device is frozen. */
export const DEFAULT_WINDOW_POLICY: WindowPolicy = { window: 64, maxAhead: 1000, maxViolations: 3 };

/** Decides on a packet with `counter` and `fingerprint` under the device's mode. */
export function decideCounter(
  mode: CounterPolicyMode,
  state: WindowState,
  counter: number,
  fingerprint: Uint8Array,
  policy: WindowPolicy,
): WindowDecision {
  if (mode === 'window') return checkWindow(state, counter, fingerprint, policy);
  if (mode === 'one-higher')
    return checkWindow(state, counter, fingerprint, { ...policy, window: 1, maxAhead: 1 });
  return noCheck(state, counter, fingerprint, policy);
}

function noCheck(
  state: WindowState,
  counter: number,
  fingerprint: Uint8Array,
  policy: WindowPolicy,
): WindowDecision {
  const seen = state.accepted.find((e) => e.counter === counter);
  if (seen !== undefined && bytesEqual(seen.fingerprint, fingerprint))
    return { kind: 'retransmission', state };
  if (state.frozen) return checkWindow(state, counter, fingerprint, policy);
  const others = state.accepted.filter((e) => e.counter !== counter);
  const accepted = [...others, { counter, fingerprint: fingerprint.slice() }]
    .sort((a, b) => a.counter - b.counter)
    .slice(-policy.window);
  return {
    kind: 'accept',
    state: { ...state, highest: Math.max(state.highest, counter), accepted },
  };
}
