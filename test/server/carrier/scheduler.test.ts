import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualScheduler, TimerScheduler } from '../../../server/carrier/scheduler.ts';

describe('ManualScheduler', () => {
  it('runs tasks in time order, ties in the order scheduled, and moves the clock to each', async () => {
    const s = new ManualScheduler(1000);
    const ran: string[] = [];
    s.schedule(30, () => void ran.push(`c@${s.now()}`));
    s.schedule(10, () => void ran.push(`a@${s.now()}`));
    s.schedule(10, () => void ran.push(`b@${s.now()}`));
    await s.advance(20);
    expect(ran).toEqual(['a@1010', 'b@1010']);
    expect(s.now()).toBe(1020);
    await s.advance(20);
    expect(ran).toEqual(['a@1010', 'b@1010', 'c@1030']);
    expect(s.now()).toBe(1040);
  });

  it('cancels a task and awaits what a task returns before the next', async () => {
    const s = new ManualScheduler(0);
    const ran: string[] = [];
    const cancel = s.schedule(5, () => void ran.push('cancelled'));
    s.schedule(1, async () => {
      await Promise.resolve();
      ran.push('slow');
      s.schedule(0, () => void ran.push('follow-up'));
    });
    s.schedule(1, () => void ran.push('next'));
    cancel();
    expect(await s.runUntilIdle()).toBe(3);
    expect(ran).toEqual(['slow', 'next', 'follow-up']);
    expect(s.pending).toBe(0);
  });

  it('stops after maxTasks', async () => {
    const s = new ManualScheduler(0);
    const again = () => void s.schedule(1, again);
    s.schedule(1, again);
    expect(await s.runUntilIdle(50)).toBe(50);
    expect(s.pending).toBe(1);
  });
});

describe('TimerScheduler (on vitest fake timers)', () => {
  afterEach(() => vi.useRealTimers());

  it('runs tasks after their delay on the wall clock, cancels, and reports task failures', async () => {
    vi.useFakeTimers({ now: 5000 });
    const errors: unknown[] = [];
    const s = new TimerScheduler((error) => errors.push(error));
    const ran: number[] = [];
    s.schedule(100, () => void ran.push(s.now()));
    const cancel = s.schedule(50, () => void ran.push(-1));
    s.schedule(10, () => {
      throw new Error('task failed');
    });
    cancel();
    await vi.advanceTimersByTimeAsync(100);
    expect(ran).toEqual([5100]);
    expect(errors).toEqual([new Error('task failed')]);
    s.schedule(10, () => void ran.push(0));
    s.cancelAll();
    await vi.advanceTimersByTimeAsync(100);
    expect(ran).toEqual([5100]);
  });
});
