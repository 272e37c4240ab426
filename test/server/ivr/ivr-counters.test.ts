import { describe, expect, it } from 'vitest';
import { IvrCounterCheck, MemoryIvrCounterStore } from '../../../server/ivr/ivr-counters.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const policy = { window: 4, maxAhead: 10, maxViolations: 3 };

describe('IVR counter check (TS 102 225 §5.1.1 CNTR, sliding window)', () => {
  it('runs a counter once, repeats its stored reply, refuses reuse with other content', async () => {
    const check = new IvrCounterCheck({
      store: new MemoryIvrCounterStore(),
      callerId: 'a',
      policy,
    });
    expect(await check.check(3, bytes('*3*001'))).toEqual({ kind: 'execute' });
    expect(await check.check(3, bytes('*3*001'))).toEqual({
      kind: 'refuse',
      reason: 'no-stored-reply',
    });
    await check.recordReply(3, '*3*200');
    expect(await check.check(3, bytes('*3*001'))).toEqual({ kind: 'repeat', payload: '*3*200' });
    expect(await check.check(3, bytes('*3*002'))).toEqual({ kind: 'refuse', reason: 'reused' });
  });

  it('accepts counters out of order inside the window, refuses too old and too far ahead', async () => {
    const check = new IvrCounterCheck({
      store: new MemoryIvrCounterStore(),
      callerId: 'a',
      policy,
    });
    expect(await check.check(8, bytes('x8'))).toEqual({ kind: 'execute' });
    expect(await check.check(6, bytes('x6'))).toEqual({ kind: 'execute' });
    expect(await check.check(4, bytes('x4'))).toEqual({ kind: 'refuse', reason: 'too-old' });
    expect(await check.check(19, bytes('x19'))).toEqual({
      kind: 'refuse',
      reason: 'too-far-ahead',
    });
  });

  it('freezes the caller after repeated violations, as the SMS gateway does', async () => {
    const check = new IvrCounterCheck({
      store: new MemoryIvrCounterStore(),
      callerId: 'a',
      policy,
    });
    await check.check(1, bytes('x1'));
    for (let i = 0; i < 3; i++) await check.check(1, bytes(`y${i}`));
    expect(await check.check(2, bytes('x2'))).toEqual({ kind: 'refuse', reason: 'frozen' });
  });

  it('starts above the installation counter the store holds, or at the first counter seen', async () => {
    const store = new MemoryIvrCounterStore({ a: 100 });
    const installed = new IvrCounterCheck({ store, callerId: 'a', policy });
    expect(await installed.check(100, bytes('x'))).toEqual({ kind: 'refuse', reason: 'too-old' });
    expect(await installed.check(105, bytes('x'))).toEqual({ kind: 'execute' });
    const unknown = new IvrCounterCheck({ store, callerId: 'b', policy });
    expect(await unknown.check(50, bytes('x'))).toEqual({
      kind: 'refuse',
      reason: 'too-far-ahead',
    });
    const firstSeen = new IvrCounterCheck({
      store: new MemoryIvrCounterStore(),
      callerId: 'c',
      policy,
      initialCounter: 'first-seen',
    });
    expect(await firstSeen.check(5000, bytes('x'))).toEqual({ kind: 'execute' });
  });

  it('keeps stored replies only for counters still inside the window', async () => {
    const store = new MemoryIvrCounterStore();
    const check = new IvrCounterCheck({ store, callerId: 'a', policy });
    for (const counter of [1, 2, 3, 4, 5, 6]) {
      await check.check(counter, bytes(`x${counter}`));
      await check.recordReply(counter, `r${counter}`);
    }
    expect((await store.load('a'))?.replies.map((r) => r.counter)).toEqual([3, 4, 5, 6]);
  });
});
