// The handset as its user interfaces (AT modem, command line) see it: requests answered by
// promises, and the state TS 27.007 §8.3 +CPIN? and TS 27.005 report.
import { createActor, type Actor, type ActorOptions } from 'xstate';
import type { HandsetJob, JobResult } from './jobs.ts';
import type { IncomingSms } from './mt-sms.ts';
import { handsetMachine, type HandsetEmitted, type HandsetInput } from './handset-machine.ts';

/** TS 27.007 §8.3 <code> values the handset can be in. */
export type PinStatus = 'READY' | 'SIM PIN' | 'SIM PUK' | 'SIM BUSY' | 'SIM FAILURE';

/** Runs the handset machine and matches answers to requests. */
export class HandsetClient {
  readonly actor: Actor<typeof handsetMachine>;
  private nextId = 1;
  private readonly waiting = new Map<number, (result: JobResult) => void>();

  constructor(input: HandsetInput, clock?: ActorOptions<typeof handsetMachine>['clock']) {
    this.actor = createActor(handsetMachine, clock === undefined ? { input } : { input, clock });
    this.actor.on('request.done', (event) => {
      const resolve = this.waiting.get(event.id);
      this.waiting.delete(event.id);
      resolve?.(event.result);
    });
  }

  start(): this {
    this.actor.start();
    return this;
  }

  stop(): void {
    this.actor.stop();
    for (const resolve of this.waiting.values()) resolve({ ok: false, error: 'simFailure' });
    this.waiting.clear();
  }

  /** Queues a request; resolves once the handset has carried it out. */
  request(job: HandsetJob): Promise<JobResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.actor.send({ type: 'user.request', request: { id, job } });
    });
  }

  /** An SMS arriving from the network. */
  deliver(sms: IncomingSms): void {
    this.actor.send({ type: 'carrier.deliver', sms });
  }

  /** Subscribes to a notice; returns the unsubscribe function. */
  on<K extends HandsetEmitted['type']>(
    type: K,
    listener: (event: Extract<HandsetEmitted, { type: K }>) => void,
  ): () => void {
    const subscription = this.actor.on(type, listener as never);
    return () => subscription.unsubscribe();
  }

  /** The PIN state as AT+CPIN? reports it. */
  get pinStatus(): PinStatus {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.matches('ready')) return 'READY';
    if (snapshot.matches('waitingPin') || snapshot.matches('askingPin')) return 'SIM PIN';
    if (snapshot.matches('waitingPuk')) return 'SIM PUK';
    if (snapshot.matches('fault')) return 'SIM FAILURE';
    return 'SIM BUSY';
  }

  /** The machine's context (identity, subscriber, menu, screen, memory). */
  get context() {
    return this.actor.getSnapshot().context;
  }

  /** True once start-up has ended: ready, waiting for a PIN or PUK, or failed. */
  get settledNow(): boolean {
    const snapshot = this.actor.getSnapshot();
    return (['ready', 'waitingPin', 'waitingPuk', 'fault'] as const).some((state) =>
      snapshot.matches(state),
    );
  }

  /** Resolves once start-up has ended, with the PIN state at that moment. */
  settled(): Promise<PinStatus> {
    return new Promise((resolve) => {
      const subscription = this.actor.subscribe(() => {
        if (!this.settledNow) return;
        subscription.unsubscribe();
        resolve(this.pinStatus);
      });
      if (this.settledNow) {
        subscription.unsubscribe();
        resolve(this.pinStatus);
      }
    });
  }
}
