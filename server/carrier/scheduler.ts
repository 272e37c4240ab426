// Time for the simulated carrier: a clock and one-shot tasks. The SMS centre and the remote
// attachment use only this port, so tests drive them with ManualScheduler and the runtime with timers.

/** A task run when its time comes; a returned promise is awaited by schedulers that can. */
export type ScheduledTask = () => void | Promise<void>;

/** Clock and one-shot tasks, in milliseconds. */
export interface Scheduler {
  /** Milliseconds since 1970 (or since any fixed origin, for simulations). */
  now(): number;
  /** Runs `task` after `delayMs` (0 = as soon as possible); returns a function that cancels it. */
  schedule(delayMs: number, task: ScheduledTask): () => void;
}

interface Entry {
  readonly at: number;
  readonly order: number;
  readonly task: ScheduledTask;
}

/**
 * A scheduler whose time moves only through `advance` or `runUntilIdle`: tasks run in time order
 * (ties in the order they were scheduled) and each returned promise settles before the next runs.
 */
export class ManualScheduler implements Scheduler {
  private entries: Entry[] = [];
  private order = 0;

  constructor(private time = 1_700_000_000_000) {}

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, task: ScheduledTask): () => void {
    const entry: Entry = { at: this.time + Math.max(0, delayMs), order: this.order++, task };
    this.entries.push(entry);
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  /** Tasks waiting to run. */
  get pending(): number {
    return this.entries.length;
  }

  /** Moves time forward by `ms`, running every task that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (let next = this.takeDue(until); next; next = this.takeDue(until)) {
      this.time = Math.max(this.time, next.at);
      await next.task();
    }
    this.time = until;
  }

  /** Runs tasks until none is left or `maxTasks` have run; returns how many ran. */
  async runUntilIdle(maxTasks = 100_000): Promise<number> {
    let ran = 0;
    for (let next = this.takeDue(Infinity); next && ran < maxTasks; ran++) {
      this.time = Math.max(this.time, next.at);
      await next.task();
      if (ran + 1 < maxTasks) next = this.takeDue(Infinity);
    }
    return ran;
  }

  private takeDue(until: number): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.entries) {
      if (e.at > until) continue;
      if (!best || e.at < best.at || (e.at === best.at && e.order < best.order)) best = e;
    }
    if (best) this.entries = this.entries.filter((e) => e !== best);
    return best;
  }
}

/** The runtime scheduler: the wall clock and Node timers; task failures go to `onError`. */
export class TimerScheduler implements Scheduler {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, task: ScheduledTask): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => this.onError(error));
    }, delayMs);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Cancels every task still waiting. */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
