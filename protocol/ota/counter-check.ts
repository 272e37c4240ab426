// Replay protection with the 5-octet CNTR of ETSI TS 102 225 §5.1.1: the four SPI counter modes as
// a receiving entity applies them, and the server's sliding-window policy (accept each counter once,
// in any order within a window; exact retransmissions recognised; freeze after repeated violations).
import { bytesEqual } from '../bytes/index.ts';
import type { CounterMode } from './spi.ts';

/** Largest CNTR value (5 octets); a counter that reached it is blocked (status 04). */
export const MAX_COUNTER = 0xff_ffff_ffff;

/** Counter outcomes that refuse a packet, named as their TS 102 225 status codes. */
export type CounterRefusal = 'counter-low' | 'counter-high' | 'counter-blocked';

/** Decision of the SPI counter check; `next` is the counter value to store after processing. */
export type CounterDecision =
  | { readonly accept: true; readonly next: number }
  | { readonly accept: false; readonly status: CounterRefusal };

/**
 * Applies SPI counter mode `mode` to a received CNTR against the last stored one.
 * 'none' and 'no-check' accept and leave the stored counter as it is.
 */
export function checkCounter(mode: CounterMode, received: number, stored: number): CounterDecision {
  if (mode === 'none' || mode === 'no-check') return { accept: true, next: stored };
  if (stored >= MAX_COUNTER) return { accept: false, status: 'counter-blocked' };
  if (received <= stored) return { accept: false, status: 'counter-low' };
  if (mode === 'one-higher' && received !== stored + 1) {
    return { accept: false, status: 'counter-high' };
  }
  return { accept: true, next: received };
}

/** Settings of the server's counter window. */
export interface WindowPolicy {
  /** Counters up to `window - 1` below the highest accepted one may still arrive once. */
  readonly window: number;
  /** Counters more than this above the highest accepted one are refused as too far ahead. */
  readonly maxAhead: number;
  /** After this many violations the device is frozen until an operator clears it. */
  readonly maxViolations: number;
}

/** Per-device window state: a plain value, replaced (never mutated) by each decision. */
export interface WindowState {
  /** The counter set at installation: every accepted counter is above it. */
  readonly initial: number;
  /** Highest accepted counter (`initial` before any packet). */
  readonly highest: number;
  /** Accepted counters inside the window, ascending, with the fingerprint of their packet. */
  readonly accepted: readonly { readonly counter: number; readonly fingerprint: Uint8Array }[];
  readonly violations: number;
  readonly frozen: boolean;
}

/** Why the window refused a packet. */
export type WindowRefusal = 'frozen' | 'reused' | 'too-old' | 'too-far-ahead';

export type WindowDecision =
  | { readonly kind: 'accept'; readonly state: WindowState }
  | { readonly kind: 'retransmission'; readonly state: WindowState }
  | {
      readonly kind: 'reject';
      readonly reason: WindowRefusal;
      readonly status: CounterRefusal;
      readonly state: WindowState;
    };

/** A fresh window whose counters must start above `initial`. */
export function initialWindowState(initial: number): WindowState {
  return { initial, highest: initial, accepted: [], violations: 0, frozen: false };
}

/**
 * Decides on a packet with counter `counter` and content `fingerprint` (the packet bytes or a
 * digest of them). The same counter with the same fingerprint is a retransmission: answer with
 * the original reply and do not execute again.
 */
export function checkWindow(
  state: WindowState,
  counter: number,
  fingerprint: Uint8Array,
  policy: WindowPolicy,
): WindowDecision {
  const seen = state.accepted.find((entry) => entry.counter === counter);
  if (seen !== undefined && bytesEqual(seen.fingerprint, fingerprint)) {
    return { kind: 'retransmission', state };
  }
  if (state.frozen) return reject(state, 'frozen', 'counter-blocked', policy);
  if (seen !== undefined) return reject(state, 'reused', 'counter-low', policy);
  if (counter <= state.initial || counter <= state.highest - policy.window) {
    return reject(state, 'too-old', 'counter-low', policy);
  }
  if (counter > state.highest + policy.maxAhead || counter > MAX_COUNTER) {
    return reject(state, 'too-far-ahead', 'counter-high', policy);
  }
  return { kind: 'accept', state: accept(state, counter, fingerprint, policy) };
}

/** Counts a violation found elsewhere (a failed checksum); freezes at the policy's limit. */
export function recordViolation(state: WindowState, policy: WindowPolicy): WindowState {
  const violations = state.violations + 1;
  return { ...state, violations, frozen: state.frozen || violations >= policy.maxViolations };
}

/** An operator clears a frozen device: violations reset, counters kept. */
export function clearFreeze(state: WindowState): WindowState {
  return { ...state, violations: 0, frozen: false };
}

function accept(
  state: WindowState,
  counter: number,
  fingerprint: Uint8Array,
  policy: WindowPolicy,
): WindowState {
  const highest = Math.max(state.highest, counter);
  const floor = highest - policy.window;
  const accepted = [...state.accepted, { counter, fingerprint: fingerprint.slice() }]
    .filter((entry) => entry.counter > floor)
    .sort((a, b) => a.counter - b.counter);
  return { ...state, highest, accepted };
}

function reject(
  state: WindowState,
  reason: WindowRefusal,
  status: CounterRefusal,
  policy: WindowPolicy,
): WindowDecision {
  return { kind: 'reject', reason, status, state: recordViolation(state, policy) };
}
