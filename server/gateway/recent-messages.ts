// Idempotency keys for plain SMS, which carry no counter (SOURCE-NOTES CH-04, IDK-06, X-03): the
// same SMS delivered again by the network (same sender, TP-MR or concatenation reference, and
// text) within a day maps to the same payment reference, so it never pays twice, while a genuine
// repeat of the same text carries another TP-MR and pays again.
import { createHash } from 'node:crypto';
import type { Clock } from '../ledger/ledger.ts';

/** How long a plain SMS is remembered: one day. */
export const DEFAULT_REPEAT_TTL_MS = 86_400_000;

/** Most messages remembered; the oldest is forgotten beyond this. */
export const MAX_REMEMBERED = 50_000;

/** Payment references of recent plain SMS, by what identifies a network retransmission. */
export class RecentMessages {
  private readonly seen = new Map<string, { readonly reference: string; readonly at: number }>();

  constructor(
    private readonly clock: Clock,
    readonly ttlMs: number = DEFAULT_REPEAT_TTL_MS,
  ) {}

  /** The reference for an SMS from `sender` with message reference `mark` and `text`. */
  referenceFor(sender: string, mark: number, text: string): string {
    const key = createHash('sha256').update(`${sender}\n${mark}\n${text}`).digest('hex');
    const now = this.clock.now();
    const known = this.seen.get(key);
    if (known !== undefined && now - known.at <= this.ttlMs) return known.reference;
    const reference = `sms-${key.slice(0, 16)}-${now}`;
    this.seen.delete(key);
    this.seen.set(key, { reference, at: now });
    if (this.seen.size > MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
    return reference;
  }
}
