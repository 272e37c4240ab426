// Members in SQL (portable to PostgreSQL): profile, PIN hash and wrong-PIN counter, and personal
// block/allow lists. The PIN check and its counter update share one transaction (see pin-guard).
import type { SqliteDb } from '../ledger/sqlite-db.ts';
import type { AcceptMode, ListKind, Member, MemberLimits, MemberStatus } from './types.ts';

const SCHEMA = [
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

type Row = Record<string, unknown>;
const bigOrNull = (v: unknown) => (v === null || v === undefined ? null : BigInt(v as bigint));

function memberFromRow(r: Row): Member {
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

/** A new member's record. */
export interface NewMember {
  readonly msisdn: string;
  readonly bank: string;
  readonly acceptMode: AcceptMode;
  readonly pinHash: string;
  readonly registeredAt: number;
}

/** Member records in the server database. */
export class MemberStore {
  constructor(readonly db: SqliteDb) {
    for (const statement of SCHEMA) db.exec(statement);
  }

  /** Inserts a member; false when the number is already registered. */
  insert(m: NewMember): boolean {
    const result = this.db
      .prepare(
        'INSERT INTO members (msisdn, bank, status, accept_mode, pin_hash, pin_failures, registered_at) ' +
          "VALUES (?, ?, 'active', ?, ?, 0, ?) ON CONFLICT (msisdn) DO NOTHING",
      )
      .run(m.msisdn, m.bank, m.acceptMode, m.pinHash, m.registeredAt);
    return result.changes === 1;
  }

  get(msisdn: string): Member | undefined {
    const row = this.db.prepare('SELECT * FROM members WHERE msisdn = ?').get(msisdn) as
      Row | undefined;
    return row ? memberFromRow(row) : undefined;
  }

  setAcceptMode(msisdn: string, mode: AcceptMode): void {
    this.db.prepare('UPDATE members SET accept_mode = ? WHERE msisdn = ?').run(mode, msisdn);
  }

  setLimits(msisdn: string, limits: MemberLimits): void {
    this.db
      .prepare(
        'UPDATE members SET per_transaction_limit = ?, daily_limit = ?, per_hour_limit = ? WHERE msisdn = ?',
      )
      .run(limits.perTransaction, limits.daily, limits.perHour, msisdn);
  }

  /** Operator action: clears the wrong-PIN counter and the lock. */
  unlock(msisdn: string): void {
    this.db
      .prepare("UPDATE members SET status = 'active', pin_failures = 0 WHERE msisdn = ?")
      .run(msisdn);
  }

  addListEntry(msisdn: string, kind: ListKind, pattern: string): void {
    this.db
      .prepare(
        'INSERT INTO member_lists (msisdn, kind, pattern) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(msisdn, kind, pattern);
  }

  removeListEntry(msisdn: string, kind: ListKind, pattern: string): void {
    this.db
      .prepare('DELETE FROM member_lists WHERE msisdn = ? AND kind = ? AND pattern = ?')
      .run(msisdn, kind, pattern);
  }

  listEntries(msisdn: string, kind: ListKind): string[] {
    const rows = this.db
      .prepare('SELECT pattern FROM member_lists WHERE msisdn = ? AND kind = ? ORDER BY pattern')
      .all(msisdn, kind) as Row[];
    return rows.map((r) => String(r['pattern']));
  }
}
