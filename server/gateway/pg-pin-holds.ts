// Commands held for their PIN (pin-correlation.ts, SOURCE-NOTES PIN-01, PIN-05) in PostgreSQL,
// shared by every server process on the database: tickets come from a sequence, and taking a
// command deletes its row, so a PIN reaching two processes releases it once.
import { numbered, type PgPool } from '../ledger/pg-db.ts';
import {
  MAX_TICKET,
  PIN_HOLD_SQL,
  heldFromRow,
  holdParams,
  type HeldEntry,
  type HoldRow,
  type PinHoldRecords,
} from './pin-correlation.ts';

/** The sequence tickets are drawn from (the held-command table is PIN_HOLD_SCHEMA). */
export const PG_PIN_TICKET_SCHEMA: readonly string[] = [
  'CREATE SEQUENCE IF NOT EXISTS gateway_pin_tickets',
];

/** Held commands in the server's PostgreSQL database. */
export class PgPinHolds implements PinHoldRecords {
  constructor(private readonly pool: PgPool) {}

  private async rows(sql: string, params: unknown[]): Promise<HoldRow[]> {
    return (await this.pool.query(numbered(sql), params)).rows as HoldRow[];
  }

  async hold(msisdn: string, entry: Omit<HeldEntry, 'ticket'>): Promise<number> {
    const [drawn] = await this.rows(
      `SELECT (nextval('gateway_pin_tickets') - 1) % ${MAX_TICKET} + 1 AS ticket`,
      [],
    );
    const ticket = Number(drawn?.['ticket']);
    await this.rows(PIN_HOLD_SQL.hold, holdParams(msisdn, entry, ticket));
    return ticket;
  }

  async ticketOf(msisdn: string): Promise<number | undefined> {
    const [row] = await this.rows(PIN_HOLD_SQL.ticket, [msisdn]);
    return row ? Number(row['ticket']) : undefined;
  }

  async take(msisdn: string): Promise<HeldEntry | undefined> {
    const [row] = await this.rows(PIN_HOLD_SQL.take, [msisdn]);
    return row ? heldFromRow(row) : undefined;
  }

  async forget(since: number): Promise<void> {
    await this.rows(PIN_HOLD_SQL.forget, [since]);
  }
}
