// Replay protection of encrypted voice requests with the 5-octet CNTR of ETSI TS 102 225 §5.1.1: the
// sliding window of protocol/ota/counter-check.ts kept per caller (the SMS gateway's policy), with the
// sealed reply of each accepted counter so that an exact retransmission gets the original reply.
import {
  checkWindow,
  initialWindowState,
  type WindowPolicy,
  type WindowRefusal,
  type WindowState,
} from '../../protocol/ota/counter-check.ts';
import { DEFAULT_WINDOW_POLICY } from '../gateway/counter-policy.ts';

/** What the IVR keeps per caller: the counter window and the reply sent for each counter in it. */
export interface CallerCounters {
  readonly window: WindowState;
  /** The sealed reply payload of each accepted counter still inside the window. */
  readonly replies: readonly { readonly counter: number; readonly payload: string }[];
}

/** Where counter state lives between calls; a server persists it, tests keep it in memory. */
export interface IvrCounterStore {
  load(callerId: string): Promise<CallerCounters | undefined>;
  save(callerId: string, counters: CallerCounters): Promise<void>;
}

/** A counter store held in memory, optionally seeded with each caller's installation counter. */
export class MemoryIvrCounterStore implements IvrCounterStore {
  private readonly held = new Map<string, CallerCounters>();

  constructor(initial: Readonly<Record<string, number>> = {}) {
    for (const [caller, counter] of Object.entries(initial))
      this.held.set(caller, { window: initialWindowState(counter), replies: [] });
  }

  async load(callerId: string): Promise<CallerCounters | undefined> {
    return this.held.get(callerId);
  }

  async save(callerId: string, counters: CallerCounters): Promise<void> {
    this.held.set(callerId, counters);
  }
}

/** The settings of the IVR's counter check for one caller. */
export interface IvrCounterOptions {
  readonly store: IvrCounterStore;
  /** Who is calling (the adaptor whose keys the cipher holds). */
  readonly callerId: string;
  /** The sliding window; the SMS gateway's DEFAULT_WINDOW_POLICY when left out. */
  readonly policy?: WindowPolicy;
  /**
   * The installation counter of a caller the store does not hold (default 0: every counter is above
   * it); `first-seen` starts the window just below the first counter received, for a window kept
   * for a single call.
   */
  readonly initialCounter?: number | 'first-seen';
}

/** What to do with an authenticated request. */
export type CounterGate =
  | { readonly kind: 'execute' }
  | { readonly kind: 'repeat'; readonly payload: string }
  | { readonly kind: 'refuse'; readonly reason: WindowRefusal | 'no-stored-reply' };

/** The counter check of one caller's requests. */
export class IvrCounterCheck {
  private readonly policy: WindowPolicy;

  constructor(private readonly options: IvrCounterOptions) {
    this.policy = options.policy ?? DEFAULT_WINDOW_POLICY;
  }

  /**
   * Decides on a request under `counter` whose sealed payload is `fingerprint`. An accepted counter
   * is saved before the request runs, so that it can never run twice.
   */
  async check(counter: number, fingerprint: Uint8Array): Promise<CounterGate> {
    const held = await this.load(counter);
    const decision = checkWindow(held.window, counter, fingerprint, this.policy);
    if (decision.kind === 'retransmission') {
      const stored = held.replies.find((r) => r.counter === counter);
      return stored
        ? { kind: 'repeat', payload: stored.payload }
        : { kind: 'refuse', reason: 'no-stored-reply' };
    }
    await this.save(decision.state, held.replies);
    if (decision.kind === 'reject') return { kind: 'refuse', reason: decision.reason };
    return { kind: 'execute' };
  }

  /** Keeps the reply sent for an accepted counter, for its retransmissions. */
  async recordReply(counter: number, payload: string): Promise<void> {
    const held = await this.load(counter);
    const others = held.replies.filter((r) => r.counter !== counter);
    await this.save(held.window, [...others, { counter, payload }]);
  }

  private async load(counter: number): Promise<CallerCounters> {
    const held = await this.options.store.load(this.options.callerId);
    if (held) return held;
    const initial = this.options.initialCounter ?? 0;
    return {
      window: initialWindowState(initial === 'first-seen' ? Math.max(0, counter - 1) : initial),
      replies: [],
    };
  }

  private async save(window: WindowState, replies: CallerCounters['replies']): Promise<void> {
    const kept = replies.filter((r) => window.accepted.some((a) => a.counter === r.counter));
    await this.options.store.save(this.options.callerId, { window, replies: kept });
  }
}
