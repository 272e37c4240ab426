// The sending-limit windows of payers (SOURCE-NOTES U-06, FR-06) kept in memory by the SQLite
// payment store, its only writer: each payer's live sends since the start of the latest window are
// loaded once, new sends are added as they are stored, and any change of state drops the payer's
// copy so that the next check reads the database again.
import type { Payment } from './payment-store.ts';

/** Most payers kept; the longest kept goes first beyond it. */
export const SEND_WINDOWS_SIZE = 100_000;

/** One live send as the limits see it: when, and the amount with its fee. */
export interface SentEntry {
  readonly at: number;
  readonly cost: bigint;
}

/** Statuses of a send that count towards the limits. */
export const LIVE_SEND_STATUS_SET: ReadonlySet<string> = new Set([
  'completed',
  'awaiting_acceptance',
  'held',
  'claimed',
]);

interface PayerWindow {
  since: number;
  entries: SentEntry[];
}

/** Per-payer live sends after a moving start, read through `load` when not kept. */
export class SendWindows {
  private readonly byPayer = new Map<string, PayerWindow>();

  constructor(
    private readonly load: (payer: string, sinceMs: number) => SentEntry[],
    private readonly limit = SEND_WINDOWS_SIZE,
  ) {}

  /** Sum of costs after `sumSinceMs` and count after `countSinceMs` (not earlier). */
  sentSince(payer: string, sumSinceMs: number, countSinceMs: number) {
    let w = this.byPayer.get(payer);
    if (!w || sumSinceMs < w.since) {
      w = { since: sumSinceMs, entries: this.load(payer, sumSinceMs) };
      this.byPayer.delete(payer);
      if (this.byPayer.size >= this.limit) this.byPayer.delete(this.byPayer.keys().next().value!);
      this.byPayer.set(payer, w);
    }
    let total = 0n;
    let count = 0;
    let stale = 0;
    for (const e of w.entries) {
      if (e.at <= sumSinceMs) stale += 1;
      else {
        total += e.cost;
        if (e.at > countSinceMs) count += 1;
      }
    }
    if (stale * 2 > w.entries.length) {
      w.entries = w.entries.filter((e) => e.at > sumSinceMs);
      w.since = sumSinceMs;
    }
    return { total, count };
  }

  /** A record was stored: a live send joins its payer's window. */
  added(p: Payment): void {
    if (p.kind !== 'send' || !LIVE_SEND_STATUS_SET.has(p.status)) return;
    const w = this.byPayer.get(p.payer);
    if (w && p.createdAt > w.since) w.entries.push({ at: p.createdAt, cost: p.amount + p.fee });
  }

  /** A payer's record changed state: forget the window. */
  changed(payer: string): void {
    this.byPayer.delete(payer);
  }
}
