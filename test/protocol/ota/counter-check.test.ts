import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCounter,
  checkWindow,
  clearFreeze,
  initialWindowState,
  MAX_COUNTER,
  recordViolation,
  type WindowPolicy,
  type WindowState,
} from '../../../protocol/ota/counter-check.ts';

describe('SPI counter modes (TS 102 225 §5.1.1)', () => {
  it.each([
    ['none', 5, 10, { accept: true, next: 10 }],
    ['no-check', 5, 10, { accept: true, next: 10 }],
    ['no-check', 50, 10, { accept: true, next: 10 }],
    ['higher', 11, 10, { accept: true, next: 11 }],
    ['higher', 500, 10, { accept: true, next: 500 }],
    ['higher', 10, 10, { accept: false, status: 'counter-low' }],
    ['higher', 3, 10, { accept: false, status: 'counter-low' }],
    ['one-higher', 11, 10, { accept: true, next: 11 }],
    ['one-higher', 12, 10, { accept: false, status: 'counter-high' }],
    ['one-higher', 10, 10, { accept: false, status: 'counter-low' }],
    ['higher', MAX_COUNTER, MAX_COUNTER - 1, { accept: true, next: MAX_COUNTER }],
    ['higher', MAX_COUNTER, MAX_COUNTER, { accept: false, status: 'counter-blocked' }],
    ['one-higher', 0, MAX_COUNTER, { accept: false, status: 'counter-blocked' }],
  ] as const)('%s: received %d, stored %d', (mode, received, stored, decision) => {
    expect(checkCounter(mode, received, stored)).toEqual(decision);
  });

  it('never accepts a counter twice in the checking modes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('higher' as const, 'one-higher' as const),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 60 }),
        (mode, received) => {
          let stored = 0;
          const accepted = new Set<number>();
          for (const counter of received) {
            const d = checkCounter(mode, counter, stored);
            if (d.accept) {
              expect(accepted.has(counter)).toBe(false);
              accepted.add(counter);
              stored = d.next;
            }
          }
        },
      ),
      { numRuns: 300, seed: 225 },
    );
  });
});

const policy: WindowPolicy = { window: 8, maxAhead: 100, maxViolations: 3 };
const fp = (n: number) => Uint8Array.of(n & 0xff, n >> 8);

function feed(state: WindowState, counter: number, content = counter) {
  return checkWindow(state, counter, fp(content), policy);
}

describe('server counter window', () => {
  it('accepts counters above the installed value, in order', () => {
    let state = initialWindowState(100);
    for (const counter of [101, 102, 105]) {
      const d = feed(state, counter);
      expect(d.kind).toBe('accept');
      state = d.state;
    }
    expect(state.highest).toBe(105);
  });

  it('accepts counters reordered within the window once', () => {
    let state = initialWindowState(0);
    for (const counter of [3, 1, 2, 5, 4]) {
      const d = feed(state, counter);
      expect(d.kind, `counter ${counter}`).toBe('accept');
      state = d.state;
    }
    const again = feed(state, 2, 99);
    expect(again).toMatchObject({ kind: 'reject', reason: 'reused', status: 'counter-low' });
  });

  it('recognises an exact retransmission without counting a violation', () => {
    const first = feed(initialWindowState(0), 7);
    const retry = feed(first.state, 7);
    expect(retry.kind).toBe('retransmission');
    expect(retry.state).toBe(first.state);
    expect(retry.state.violations).toBe(0);
  });

  it('rejects counters at or below the installed value, and below the window', () => {
    expect(feed(initialWindowState(50), 50)).toMatchObject({ reason: 'too-old' });
    expect(feed(initialWindowState(50), 45)).toMatchObject({ reason: 'too-old' });
    const moved = feed(initialWindowState(0), 20).state;
    expect(feed(moved, 12)).toMatchObject({ reason: 'too-old', status: 'counter-low' });
    expect(feed(moved, 13).kind).toBe('accept');
  });

  it('rejects a counter too far ahead with counter-high', () => {
    expect(feed(initialWindowState(0), 101)).toMatchObject({
      kind: 'reject',
      reason: 'too-far-ahead',
      status: 'counter-high',
    });
    expect(feed(initialWindowState(0), 100).kind).toBe('accept');
  });

  it('freezes after the configured number of violations until cleared', () => {
    let state = feed(initialWindowState(0), 10).state;
    for (let i = 0; i < 2; i++) state = feed(state, 10, 77).state;
    expect(state.frozen).toBe(false);
    state = recordViolation(state, policy);
    expect(state.frozen).toBe(true);
    expect(feed(state, 11)).toMatchObject({ reason: 'frozen', status: 'counter-blocked' });
    state = clearFreeze(state);
    expect(state).toMatchObject({ frozen: false, violations: 0, highest: 10 });
    expect(feed(state, 11).kind).toBe('accept');
  });

  it('never accepts the same counter twice, whatever the order (seeded)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 80 }), (counters) => {
        let state = initialWindowState(0);
        const accepted = new Set<number>();
        for (const counter of counters) {
          const d = checkWindow(state, counter, fp(counter), { ...policy, maxViolations: 1000 });
          if (d.kind === 'accept') {
            expect(accepted.has(counter)).toBe(false);
            expect(counter).toBeGreaterThan(state.highest - policy.window);
            accepted.add(counter);
          }
          if (d.kind === 'retransmission') expect(accepted.has(counter)).toBe(true);
          state = d.state;
        }
        expect(state.accepted.length).toBeLessThanOrEqual(policy.window);
      }),
      { numRuns: 300, seed: 4493 },
    );
  });
});
