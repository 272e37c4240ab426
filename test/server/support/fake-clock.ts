// A settable clock for server tests: time moves only when the test says so.
import type { Clock } from '../../../server/ledger/ledger.ts';

export class FakeClock implements Clock {
  constructor(private ms = 1_700_000_000_000) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
