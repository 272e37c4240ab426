// The counter modes of DESIGN.md "Encryption and sequence numbers": the sliding window, and the
// bench modes "exactly one higher" and "no check" (TS 102 225 §5.1.1 counter modes 10 and 01).
import { describe, expect, it } from 'vitest';
import { initialWindowState, type WindowState } from '../../../protocol/ota/counter-check.ts';
import { decideCounter } from '../../../server/gateway/counter-policy.ts';
import type { CounterPolicyMode } from '../../../server/gateway/device-records.ts';

const POLICY = { window: 4, maxAhead: 10, maxViolations: 2 };
const print = (n: number) => Uint8Array.of(n);

/** Feeds counters (with fingerprint = counter unless given) and returns the decision kinds. */
function run(mode: CounterPolicyMode, inputs: readonly (number | [number, number])[]) {
  let state: WindowState = initialWindowState(0);
  const kinds: string[] = [];
  for (const input of inputs) {
    const [counter, content] = typeof input === 'number' ? [input, input] : input;
    const d = decideCounter(mode, state, counter, print(content), POLICY);
    kinds.push(d.kind === 'reject' ? `reject:${d.status}` : d.kind);
    state = d.state;
  }
  return { kinds, state };
}

describe('decideCounter', () => {
  it('window: reordered counters once each, retransmissions recognised, far ahead refused', () => {
    expect(run('window', [2, 1, 2, [2, 9], 40, 3]).kinds).toEqual([
      'accept',
      'accept',
      'retransmission',
      'reject:counter-low',
      'reject:counter-high',
      'reject:counter-blocked',
    ]);
  });

  it('one-higher: only the next counter; the last one repeated is a retransmission', () => {
    expect(run('one-higher', [1, 3, 2, 2, 1]).kinds).toEqual([
      'accept',
      'reject:counter-high',
      'accept',
      'retransmission',
      'reject:counter-low',
    ]);
  });

  it('no-check: any counter, old or new, still never executing an exact copy twice', () => {
    const { kinds, state } = run('no-check', [5, 1, 900, 5, [5, 7]]);
    expect(kinds).toEqual(['accept', 'accept', 'accept', 'retransmission', 'accept']);
    expect(state.violations).toBe(0);
  });

  it('freezes after the policy number of violations, in every checking mode', () => {
    for (const mode of ['window', 'one-higher'] as const) {
      const { state } = run(mode, [1, [1, 5], [1, 6]]);
      expect(state.frozen).toBe(true);
    }
  });
});
