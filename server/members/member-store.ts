// Members in SQL: profile, PIN hash and wrong-PIN counter, and personal block/allow lists. The
// port is asynchronous so that SQLite (this file, the default) and PostgreSQL fit behind it; the PIN
// check and its counter update share one transaction (see pin-guard).
import type { SqliteDb } from '../ledger/sqlite-db.ts';
import type { PinCheck, PinRecord, PinStore, PinVerdict } from '../pin/pin-guard.ts';
import type { AcceptMode, ListKind, Member, MemberLimits, MemberStatus } from './types.ts';

/** Member tables in portable SQL (SQLite and PostgreSQL both accept it). */
export const MEMBER_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS members (
    msisdn TEXT PRIMARY KEY,
    bank TEXT NOT NULL,
    status TEXT NOT NULL,
    accept_mode TEXT NOT NULL,
    pin_hash TEXT NOT NULL,
    pin_failures INTEGER NOT NULL,
    per_transaction_limit BIGINT,
    daily_limit BIGINT,
    per_hour_limit INTEGER,
    registered_at BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS member_lists (
    msisdn TEXT NOT NULL,
    kind TEXT NOT NULL,
    pattern TEXT NOT NULL,
    PRIMARY KEY (msisdn, kind, pattern)
  )`,
];

/** A row of `members` (64-bit integers as bigint from SQLite, as strings from PostgreSQL). */
export type MemberRow = Record<string, unknown>;
const bigOrNull = (v: unknown) => (v === null || v === undefined ? null : BigInt(v as bigint));

/** A member from its row. */
export function memberFromRow(r: MemberRow): Member {
  const perHour = r['per_hour_limit'];
  return {
    msisdn: String(r['msisdn']),
    bank: String(r['bank']),
    status: String(r['status']) as MemberStatus,
    acceptMode: String(r['accept_mode']) as AcceptMode,
    limits: {
      perTransaction: bigOrNull(r['per_transaction_limit']),
      daily: bigOrNull(r['daily_limit']),
      perHour: perHour === null || perHour === undefined ? null : Number(perHour),
    },
    registeredAt: Number(r['registered_at']),
  };
}

/** The PIN fields of a member's row. */
export function pinRecordFromRow(r: MemberRow): PinRecord {
  return {
    status: String(r['status']) as MemberStatus,
    pinHash: String(r['pin_hash']),
    failures: Number(r['pin_failures']),
  };
}

/** A new member's record. */
export interface NewMember {
  readonly msisdn: string;
  readonly bank: string;
  readonly acceptMode: AcceptMode;
  readonly pinHash: string;
  readonly registeredAt: number;
}

/** Member records of the server database, whichever database it is. */
export interface MemberRecords extends PinStore {
  /** Inserts a member; false when the number is already registered. */
  insert(m: NewMember): Promise<boolean>;
  get(msisdn: string): Promise<Member | undefined>;
  setAcceptMode(msisdn: string, mode: AcceptMode): Promise<void>;
  setLimits(msisdn: string, limits: MemberLimits): Promise<void>;
  /** Operator action: clears the wrong-PIN counter and the lock. */
  unlock(msisdn: string): Promise<void>;
  addListEntry(msisdn: string, kind: ListKind, pattern: string): Promise<void>;
  removeListEntry(msisdn: string, kind: ListKind, pattern: string): Promise<void>;
  listEntries(msisdn: string, kind: ListKind): Promise<string[]>;
}

/** SQL shared by the SQLite and PostgreSQL stores (`?` placeholders, numbered for PostgreSQL). */
export const MEMBER_SQL = {
  insert:
    'INSERT INTO members (msisdn, bank, status, accept_mode, pin_hash, pin_failures, registered_at) ' +
    "VALUES (?, ?, 'active', ?, ?, 0, ?) ON CONFLICT (msisdn) DO NOTHING",
  get: 'SELECT * FROM members WHERE msisdn = ?',
  setAcceptMode: 'UPDATE members SET accept_mode = ? WHERE msisdn = ?',
  setLimits:
    'UPDATE members SET per_transaction_limit = ?, daily_limit = ?, per_hour_limit = ? WHERE msisdn = ?',
  unlock: "UPDATE members SET status = 'active', pin_failures = 0 WHERE msisdn = ?",
  setPinState: 'UPDATE members SET pin_failures = ?, status = ? WHERE msisdn = ?',
  addListEntry:
    'INSERT INTO member_lists (msisdn, kind, pattern) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  removeListEntry: 'DELETE FROM member_lists WHERE msisdn = ? AND kind = ? AND pattern = ?',
  listEntries: 'SELECT pattern FROM member_lists WHERE msisdn = ? AND kind = ? ORDER BY pattern',
} as const;

/** Member records in the server's SQLite database (the default store). */
export class MemberStore implements MemberRecords {
  constructor(readonly db: SqliteDb) {
    for (const statement of MEMBER_SCHEMA) db.exec(statement);
  }

  async insert(m: NewMember): Promise<boolean> {
    const result = this.db
      .prepare(MEMBER_SQL.insert)
      .run(m.msisdn, m.bank, m.acceptMode, m.pinHash, m.registeredAt);
    return result.changes === 1;
  }

  async get(msisdn: string): Promise<Member | undefined> {
    const row = this.db.prepare(MEMBER_SQL.get).get(msisdn) as MemberRow | undefined;
    return row ? memberFromRow(row) : undefined;
  }

  async setAcceptMode(msisdn: string, mode: AcceptMode): Promise<void> {
    this.db.prepare(MEMBER_SQL.setAcceptMode).run(mode, msisdn);
  }

  async setLimits(msisdn: string, limits: MemberLimits): Promise<void> {
    this.db
      .prepare(MEMBER_SQL.setLimits)
      .run(limits.perTransaction, limits.daily, limits.perHour, msisdn);
  }

  async unlock(msisdn: string): Promise<void> {
    this.db.prepare(MEMBER_SQL.unlock).run(msisdn);
  }

  async addListEntry(msisdn: string, kind: ListKind, pattern: string): Promise<void> {
    this.db.prepare(MEMBER_SQL.addListEntry).run(msisdn, kind, pattern);
  }

  async removeListEntry(msisdn: string, kind: ListKind, pattern: string): Promise<void> {
    this.db.prepare(MEMBER_SQL.removeListEntry).run(msisdn, kind, pattern);
  }

  async listEntries(msisdn: string, kind: ListKind): Promise<string[]> {
    const rows = this.db.prepare(MEMBER_SQL.listEntries).all(msisdn, kind) as MemberRow[];
    return rows.map((r) => String(r['pattern']));
  }

  async guardPin(
    msisdn: string,
    judge: (record: PinRecord | undefined) => PinVerdict,
  ): Promise<PinCheck> {
    const run = this.db.transaction((): PinCheck => {
      const row = this.db.prepare(MEMBER_SQL.get).get(msisdn) as MemberRow | undefined;
      const verdict = judge(row ? pinRecordFromRow(row) : undefined);
      const { update } = verdict;
      if (update)
        this.db.prepare(MEMBER_SQL.setPinState).run(update.failures, update.status, msisdn);
      const member = verdict.outcome === 'ok' && row ? memberFromRow(row) : undefined;
      return { outcome: verdict.outcome, member };
    });
    return run.immediate();
  }
}
