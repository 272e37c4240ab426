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
  /** Every live send after this time is in `entries` from `first` on, in time order. */
  since: number;
  entries: SentEntry[];
  first: number;
  /** Sum of the costs from `first` on. */
  total: bigint;
}

/** Index of the first entry from `from` on that is later than `at` (entries in time order). */
function firstAfter(entries: readonly SentEntry[], from: number, at: number): number {
  let lo = from;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as SentEntry).at > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Per-payer live sends after a moving start, read through `load` when not kept. */
export class SendWindows {
  private readonly byPayer = new Map<string, PayerWindow>();

  constructor(
    private readonly load: (payer: string, sinceMs: number) => SentEntry[],
    private readonly limit = SEND_WINDOWS_SIZE,
  ) {}

  private loaded(payer: string, since: number): PayerWindow {
    const entries = this.load(payer, since).sort((a, b) => a.at - b.at);
    const total = entries.reduce((sum, e) => sum + e.cost, 0n);
    const w = { since, entries, first: 0, total };
    this.byPayer.delete(payer);
    if (this.byPayer.size >= this.limit) this.byPayer.delete(this.byPayer.keys().next().value!);
    this.byPayer.set(payer, w);
    return w;
  }

  /** Sum of costs after `sumSinceMs` and count after `countSinceMs` (not earlier). */
  sentSince(payer: string, sumSinceMs: number, countSinceMs: number) {
    const kept = this.byPayer.get(payer);
    const w = kept && sumSinceMs >= kept.since ? kept : this.loaded(payer, sumSinceMs);
    while (w.first < w.entries.length && (w.entries[w.first] as SentEntry).at <= sumSinceMs) {
      w.total -= (w.entries[w.first] as SentEntry).cost;
      w.first += 1;
    }
    w.since = sumSinceMs;
    if (w.first * 2 > w.entries.length) {
      w.entries = w.entries.slice(w.first);
      w.first = 0;
    }
    const count = w.entries.length - firstAfter(w.entries, w.first, countSinceMs);
    return { total: w.total, count };
  }

  /** A record was stored: a live send joins its payer's window (out of time order: dropped). */
  added(p: Payment): void {
    if (p.kind !== 'send' || !LIVE_SEND_STATUS_SET.has(p.status)) return;
    const w = this.byPayer.get(p.payer);
    if (!w || p.createdAt <= w.since) return;
    const last = w.entries[w.entries.length - 1];
    if (last && p.createdAt < last.at) this.byPayer.delete(p.payer);
    else {
      w.entries.push({ at: p.createdAt, cost: p.amount + p.fee });
      w.total += p.amount + p.fee;
    }
  }

  /** A payer's record changed state: forget the window. */
  changed(payer: string): void {
    this.byPayer.delete(payer);
  }
}
