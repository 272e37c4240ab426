// An in-process telephone call between two endpoints, clocked by 20 ms frames: time advances only when
// both ends wait for audio, each end's queued audio passes through its direction's channel model, and
// the call ends on hang-up or after a frame limit. Deterministic, with no timers.
import type { Clock, VoiceLink } from './voice-link.ts';

/** A channel model for one direction (for example a VoiceChannel's `process`). */
export type SampleProcessor = (samples: Float32Array) => Float32Array;

/** Options of a simulated call. */
export interface SimulatedCallOptions {
  readonly sampleRate: number;
  /** Frame duration, in ms (20 ms as in G.711 RTP packets). */
  readonly frameMs?: number;
  readonly callerToCallee?: SampleProcessor;
  readonly calleeToCaller?: SampleProcessor;
  /** The call is cut after this many frames. */
  readonly maxFrames?: number;
}

interface End {
  readonly outbound: Float32Array[];
  readonly inbound: Float32Array[];
  waiter: ((block: Float32Array | undefined) => void) | undefined;
}

/** Both ends of a simulated call and the shared clock. */
export class SimulatedCall {
  readonly caller: VoiceLink & Clock;
  readonly callee: VoiceLink & Clock;
  private readonly ends: [End, End] = [newEnd(), newEnd()];
  private readonly frameSamples: number;
  private readonly frameMs: number;
  private frames = 0;
  private ended = false;

  constructor(private readonly options: SimulatedCallOptions) {
    this.frameMs = options.frameMs ?? 20;
    this.frameSamples = Math.round((options.sampleRate * this.frameMs) / 1000);
    this.caller = this.link(0);
    this.callee = this.link(1);
  }

  /** Frames exchanged so far. */
  get elapsedFrames(): number {
    return this.frames;
  }

  /** True once either end hung up or the frame limit was reached. */
  get hasEnded(): boolean {
    return this.ended;
  }

  private link(side: 0 | 1): VoiceLink & Clock {
    const end = this.ends[side];
    return {
      send: (samples) => void end.outbound.push(samples.slice()),
      receive: () => {
        const block = end.inbound.shift();
        if (block) return Promise.resolve(block);
        if (this.ended) return Promise.resolve(undefined);
        return new Promise((resolve) => {
          end.waiter = resolve;
          this.tryTick();
        });
      },
      hangUp: () => this.end(),
      nowMs: () => this.frames * this.frameMs,
    };
  }

  private end(): void {
    this.ended = true;
    for (const end of this.ends) {
      const waiter = end.waiter;
      end.waiter = undefined;
      waiter?.(undefined);
    }
  }

  private tryTick(): void {
    const [a, b] = this.ends;
    if (!a.waiter || !b.waiter) return;
    if (this.frames >= (this.options.maxFrames ?? Infinity)) return this.end();
    this.frames++;
    const fromA = takeFrame(a.outbound, this.frameSamples);
    const fromB = takeFrame(b.outbound, this.frameSamples);
    b.inbound.push(this.options.callerToCallee ? this.options.callerToCallee(fromA) : fromA);
    a.inbound.push(this.options.calleeToCaller ? this.options.calleeToCaller(fromB) : fromB);
    for (const end of this.ends) {
      const waiter = end.waiter;
      end.waiter = undefined;
      waiter?.(end.inbound.shift());
    }
  }
}

function newEnd(): End {
  return { outbound: [], inbound: [], waiter: undefined };
}

/** Takes one frame of queued audio, padding with silence. */
function takeFrame(queue: Float32Array[], size: number): Float32Array {
  const frame = new Float32Array(size);
  let filled = 0;
  while (filled < size && queue.length > 0) {
    const head = queue[0] as Float32Array;
    const n = Math.min(size - filled, head.length);
    frame.set(head.subarray(0, n), filled);
    filled += n;
    if (n === head.length) queue.shift();
    else queue[0] = head.subarray(n);
  }
  return frame;
}
