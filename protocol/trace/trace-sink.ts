// Where the emulated handset and the SIM adaptor report every ATR and TPDU exchange they see
// (ISO/IEC 7816-3 §8, §10.3). Implementations stamp the time; this one keeps events in memory.
import { traceEvent, type TraceClock, type TraceEntry, type TraceEvent } from './trace-event.ts';

/** Receives traced exchanges as they happen. Must not throw on protocol content. */
export interface TraceSink {
  record(entry: TraceEntry): void;
}

/** A sink that keeps the events in memory, stamped by the given clock (tests, `--json` output). */
export class MemoryTraceSink implements TraceSink {
  private readonly recorded: TraceEvent[] = [];

  constructor(private readonly clock: TraceClock) {}

  record(entry: TraceEntry): void {
    this.recorded.push(traceEvent(entry, this.clock()));
  }

  /** The events recorded so far, oldest first. */
  get events(): readonly TraceEvent[] {
    return this.recorded;
  }
}

/** Sends every entry to each of the given sinks, in order. */
export function fanOutTraceSink(...sinks: readonly TraceSink[]): TraceSink {
  return {
    record(entry) {
      for (const sink of sinks) sink.record(entry);
    },
  };
}
