// The IVR's per-caller counter windows (ETSI TS 102 225 §5.1.1 CNTR, ivr-counters.ts) in PostgreSQL,
// shared by every server process on the database. Each row carries a version: a save succeeds only
// over the version loaded for it, and each load serves one save, so when two calls (on two
// processes or one) check the same counter at once only one records it and the other's request
// fails before it runs; a counter never runs twice.
import type { PgPool } from '../ledger/pg-db.ts';
import type { CallerCounters, IvrCounterStore } from './ivr-counters.ts';
import { countersFromText, countersToText } from './sqlite-counter-store.ts';

/** The table of counter windows, with the version each save is checked against. */
export const PG_IVR_COUNTER_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ivr_counters (
    caller TEXT PRIMARY KEY,
    counters TEXT NOT NULL,
    version BIGINT NOT NULL
  )`,
];

/** A save over counters another process changed since they were loaded. */
export class CounterConflictError extends Error {
  override readonly name = 'CounterConflictError';
  readonly code = 'IVR_COUNTER_CONFLICT';
}

/** Counter windows by caller id in the PostgreSQL table `ivr_counters`. */
export class PgIvrCounterStore implements IvrCounterStore {
  /** The version of each caller's row as last loaded here and not yet saved over (0: no row). */
  private readonly versions = new Map<string, number>();

  constructor(private readonly pool: PgPool) {}

  async load(callerId: string): Promise<CallerCounters | undefined> {
    const { rows } = await this.pool.query(
      'SELECT counters, version FROM ivr_counters WHERE caller = $1',
      [callerId],
    );
    const row = rows[0] as { counters: string; version: string } | undefined;
    this.versions.set(callerId, row ? Number(row.version) : 0);
    return row ? countersFromText(row.counters) : undefined;
  }

  /**
   * Saves over the version last loaded, once; throws CounterConflictError when the row changed
   * since, or when another save already used that load.
   */
  async save(callerId: string, counters: CallerCounters): Promise<void> {
    const version = this.versions.get(callerId) ?? 0;
    this.versions.delete(callerId);
    const text = countersToText(counters);
    const result =
      version === 0
        ? await this.pool.query(
            'INSERT INTO ivr_counters (caller, counters, version) VALUES ($1, $2, 1) ' +
              'ON CONFLICT (caller) DO NOTHING',
            [callerId, text],
          )
        : await this.pool.query(
            'UPDATE ivr_counters SET counters = $2, version = version + 1 ' +
              'WHERE caller = $1 AND version = $3',
            [callerId, text, version],
          );
    if (result.rowCount !== 1)
      throw new CounterConflictError(`counters of ${callerId} changed since they were loaded`);
  }
}
