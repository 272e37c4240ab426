// Member records in PostgreSQL, shared by every server process on the database: the same tables
// and SQL as the SQLite store. The PIN check reads without locking when nothing changes and
// otherwise re-reads the row FOR UPDATE, so concurrent wrong guesses on several processes all count.
import { numbered, withPgTransaction, type PgPool } from '../ledger/pg-db.ts';
import type { PinCheck, PinRecord, PinVerdict } from '../pin/pin-guard.ts';
import type { PersonalLists } from '../rules/lists.ts';
import {
  MEMBER_SCHEMA,
  MEMBER_SQL,
  checked,
  listsFromRows,
  memberFromRow,
  pinRecordFromRow,
  type MemberRecords,
  type MemberRow,
  type NewMember,
} from './member-store.ts';
import type { AcceptMode, ListKind, Member, MemberLimits } from './types.ts';

/** Member records in the server's PostgreSQL database; call `init()` once before use. */
export class PgMemberStore implements MemberRecords {
  constructor(private readonly pool: PgPool) {}

  /** Creates the member tables if they do not exist. */
  async init(): Promise<void> {
    for (const statement of MEMBER_SCHEMA) await this.pool.query(statement);
  }

  private async run(sql: string, params: unknown[]): Promise<MemberRow[]> {
    return (await this.pool.query(numbered(sql), params)).rows as MemberRow[];
  }

  async insert(m: NewMember): Promise<boolean> {
    const params = [m.msisdn, m.bank, m.acceptMode, m.pinHash, m.registeredAt];
    const result = await this.pool.query(numbered(MEMBER_SQL.insert), params);
    return result.rowCount === 1;
  }

  async get(msisdn: string): Promise<Member | undefined> {
    const [row] = await this.run(MEMBER_SQL.get, [msisdn]);
    return row ? memberFromRow(row) : undefined;
  }

  async setAcceptMode(msisdn: string, mode: AcceptMode): Promise<void> {
    await this.run(MEMBER_SQL.setAcceptMode, [mode, msisdn]);
  }

  async setLimits(msisdn: string, limits: MemberLimits): Promise<void> {
    await this.run(MEMBER_SQL.setLimits, [
      limits.perTransaction,
      limits.daily,
      limits.perHour,
      msisdn,
    ]);
  }

  async unlock(msisdn: string): Promise<void> {
    await this.run(MEMBER_SQL.unlock, [msisdn]);
  }

  async addListEntry(msisdn: string, kind: ListKind, pattern: string): Promise<void> {
    await this.run(MEMBER_SQL.addListEntry, [msisdn, kind, pattern]);
  }

  async removeListEntry(msisdn: string, kind: ListKind, pattern: string): Promise<void> {
    await this.run(MEMBER_SQL.removeListEntry, [msisdn, kind, pattern]);
  }

  async lists(msisdn: string): Promise<PersonalLists> {
    return listsFromRows(await this.run(MEMBER_SQL.lists, [msisdn]));
  }

  async guardPin(
    msisdn: string,
    judge: (record: PinRecord | undefined) => PinVerdict,
  ): Promise<PinCheck> {
    const [row] = await this.run(MEMBER_SQL.get, [msisdn]);
    const verdict = judge(row ? pinRecordFromRow(row) : undefined);
    if (!verdict.update) return checked(verdict, row);
    return withPgTransaction(this.pool, async (c) => {
      const [locked] = (await c.query(numbered(`${MEMBER_SQL.get} FOR UPDATE`), [msisdn]))
        .rows as MemberRow[];
      const again = judge(locked ? pinRecordFromRow(locked) : undefined);
      if (again.update)
        await c.query(numbered(MEMBER_SQL.setPinState), [
          again.update.failures,
          again.update.status,
          msisdn,
        ]);
      return checked(again, locked);
    });
  }
}
