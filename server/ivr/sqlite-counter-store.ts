// The IVR's per-caller counter windows (ETSI TS 102 225 §5.1.1 CNTR, ivr-counters.ts) in the server's
// SQLite database, so that a restart neither forgets accepted counters nor the sealed replies kept
// for their retransmissions. One row per caller: the window and the replies as JSON, octets in hex.
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import type { SqliteDb } from '../ledger/sqlite-db.ts';
import type { CallerCounters, IvrCounterStore } from './ivr-counters.ts';

interface StoredCounters {
  readonly initial: number;
  readonly highest: number;
  readonly accepted: readonly { readonly counter: number; readonly fingerprint: string }[];
  readonly violations: number;
  readonly frozen: boolean;
  readonly replies: CallerCounters['replies'];
}

/** The caller's counters as the JSON text kept in `ivr_counters` (octets in hex). */
export function countersToText(c: CallerCounters): string {
  const accepted = c.window.accepted.map((e) => ({
    counter: e.counter,
    fingerprint: toHex(e.fingerprint),
  }));
  const stored: StoredCounters = { ...c.window, accepted, replies: c.replies };
  return JSON.stringify(stored);
}

/** The caller's counters from their JSON text. */
export function countersFromText(text: string): CallerCounters {
  const { replies, accepted, ...window } = JSON.parse(text) as StoredCounters;
  return {
    window: {
      ...window,
      accepted: accepted.map((e) => ({ counter: e.counter, fingerprint: fromHex(e.fingerprint) })),
    },
    replies,
  };
}

/** Counter windows by caller id in the table `ivr_counters`. */
export class SqliteIvrCounterStore implements IvrCounterStore {
  constructor(private readonly db: SqliteDb) {
    db.exec(`CREATE TABLE IF NOT EXISTS ivr_counters (
      caller TEXT PRIMARY KEY,
      counters TEXT NOT NULL
    )`);
  }

  async load(callerId: string): Promise<CallerCounters | undefined> {
    const row = this.db
      .prepare('SELECT counters FROM ivr_counters WHERE caller = ?')
      .get(callerId) as { counters: string } | undefined;
    return row ? countersFromText(row.counters) : undefined;
  }

  async save(callerId: string, counters: CallerCounters): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO ivr_counters (caller, counters) VALUES (?, ?)')
      .run(callerId, countersToText(counters));
  }
}
