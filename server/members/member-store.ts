// Members in SQL: profile, PIN hash and wrong-PIN counter, and personal block/allow lists. The
// port is asynchronous so that SQLite (this file, the default) and PostgreSQL fit behind it; the PIN
// check and its counter update share one transaction (see pin-guard).
import type { SqliteDb, SqliteStatement } from '../ledger/sqlite-db.ts';
import type { PinCheck, PinRecord, PinStore, PinVerdict } from '../pin/pin-guard.ts';
import type { PersonalLists } from '../rules/lists.ts';
import { RowCache } from './row-cache.ts';
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
  /** The member's block and allow lists, read together. */
  lists(msisdn: string): Promise<PersonalLists>;
}

/** Block and allow lists from rows of (kind, pattern) ordered by pattern. */
export function listsFromRows(rows: readonly MemberRow[]): PersonalLists {
  const block: string[] = [];
  const allow: string[] = [];
  for (const r of rows) (r['kind'] === 'allow' ? allow : block).push(String(r['pattern']));
  return { block, allow };
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
  lists: 'SELECT kind, pattern FROM member_lists WHERE msisdn = ? ORDER BY kind, pattern',
} as const;

/** Every member statement, compiled once per store. */
type PreparedMemberSql = { readonly [K in keyof typeof MEMBER_SQL]: SqliteStatement };

function prepare(db: SqliteDb): PreparedMemberSql {
  const entries = Object.entries(MEMBER_SQL).map(([k, sql]) => [k, db.prepare(sql)] as const);
  return Object.fromEntries(entries) as PreparedMemberSql;
}

const NO_LISTS: PersonalLists = Object.freeze({
  block: Object.freeze([]),
  allow: Object.freeze([]),
});

/**
 * Member records in the server's SQLite database (the default store). The one server process that
 * owns the file is the only writer, so rows and lists are read once and kept in memory; each write
 * drops the member's copy.
 */
export class MemberStore implements MemberRecords {
  private readonly rows = new RowCache<MemberRow>();
  private readonly listCache = new RowCache<PersonalLists>();
  /** Loaders of the caches, made once: they run on every payment's path. */
  private readonly loadRow = (msisdn: string) => this.sql.get.get(msisdn) as MemberRow | undefined;
  private readonly loadLists = (msisdn: string) =>
    listsFromRows(this.sql.lists.all(msisdn) as MemberRow[]);

  private readonly sql: PreparedMemberSql;

  constructor(readonly db: SqliteDb) {
    for (const statement of MEMBER_SCHEMA) db.exec(statement);
    this.sql = prepare(db);
  }

  private write(msisdn: string, sql: SqliteStatement, ...params: unknown[]) {
    try {
      return sql.run(...params);
    } finally {
      this.rows.drop(msisdn);
    }
  }

  private row(msisdn: string): MemberRow | undefined {
    return this.rows.read(msisdn, this.loadRow);
  }

  async insert(m: NewMember): Promise<boolean> {
    const params = [m.msisdn, m.bank, m.acceptMode, m.pinHash, m.registeredAt];
    return this.write(m.msisdn, this.sql.insert, ...params).changes === 1;
  }

  async get(msisdn: string): Promise<Member | undefined> {
    const row = this.row(msisdn);
    return row ? memberFromRow(row) : undefined;
  }

  async setAcceptMode(msisdn: string, mode: AcceptMode): Promise<void> {
    this.write(msisdn, this.sql.setAcceptMode, mode, msisdn);
  }

  async setLimits(msisdn: string, limits: MemberLimits): Promise<void> {
    const { perTransaction, daily, perHour } = limits;
    this.write(msisdn, this.sql.setLimits, perTransaction, daily, perHour, msisdn);
  }

  async unlock(msisdn: string): Promise<void> {
    this.write(msisdn, this.sql.unlock, msisdn);
  }

  async addListEntry(msisdn: string, kind: ListKind, pattern: string): Promise<void> {
    this.listCache.drop(msisdn);
    this.sql.addListEntry.run(msisdn, kind, pattern);
  }

  async removeListEntry(msisdn: string, kind: ListKind, pattern: string): Promise<void> {
    this.listCache.drop(msisdn);
    this.sql.removeListEntry.run(msisdn, kind, pattern);
  }

  async lists(msisdn: string): Promise<PersonalLists> {
    return this.listCache.read(msisdn, this.loadLists) ?? NO_LISTS;
  }

  async guardPin(
    msisdn: string,
    judge: (record: PinRecord | undefined) => PinVerdict,
  ): Promise<PinCheck> {
    const first = this.row(msisdn);
    const verdict = judge(first ? pinRecordFromRow(first) : undefined);
    if (!verdict.update) return checked(verdict, first);
    const run = this.db.transaction((): PinCheck => {
      this.rows.drop(msisdn);
      const row = this.row(msisdn);
      const again = judge(row ? pinRecordFromRow(row) : undefined);
      const { update } = again;
      if (update) this.write(msisdn, this.sql.setPinState, update.failures, update.status, msisdn);
      return checked(again, row);
    });
    return run.immediate();
  }
}

/** A check's outcome with the member it authenticated. */
export function checked(verdict: PinVerdict, row: MemberRow | undefined): PinCheck {
  const member = verdict.outcome === 'ok' && row ? memberFromRow(row) : undefined;
  return { outcome: verdict.outcome, member };
}
