// PIN correlation for plain SMS (SOURCE-NOTES PIN-01, PIN-05, X-06; DESIGN.md "Encryption and
// sequence numbers"): a command sent without its PIN waits per sender number; the PIN arriving in a
// second SMS or by DTMF call-back within the window releases it, a late PIN finds nothing. Each held
// command gets a ticket (1-999999) the member is told, for a PIN keyed on a call to the IVR. Held
// commands are kept in the server database, so the PIN may reach another process or a restarted one.
import type { Clock } from '../ledger/ledger.ts';
import type { SqliteDb } from '../ledger/sqlite-db.ts';
import type { ParsedCommand } from './sms-command.ts';

/** A command that needs a PIN, as held. */
export type HeldCommand = Exclude<ParsedCommand, { kind: 'pin' | 'help' | 'invite' }>;

/** Default correlation window: five minutes. */
export const DEFAULT_PIN_WINDOW_MS = 5 * 60_000;

/** Held commands older than this are removed (a PIN for them only hears that it came too late). */
export const HELD_KEPT_MS = 86_400_000;

/** Commands held between two removals of the old ones. */
export const PRUNE_HELD_EVERY = 1000;

/** Largest ticket; tickets go round from 1. */
export const MAX_TICKET = 999_999;

/** A command as held for a member. */
export interface HeldEntry {
  readonly command: HeldCommand;
  /** The payment reference of the SMS that carried the command. */
  readonly reference: string;
  readonly heldAt: number;
  readonly ticket: number;
}

/** Where held commands are kept, one per member. */
export interface PinHoldRecords {
  /** Holds `entry` (its ticket drawn here) for `msisdn`, replacing any; returns the ticket. */
  hold(msisdn: string, entry: Omit<HeldEntry, 'ticket'>): Promise<number>;
  /** The ticket of the command held for `msisdn`, if any. */
  ticketOf(msisdn: string): Promise<number | undefined>;
  /** Removes and returns the command held for `msisdn`: atomic, one taker only. */
  take(msisdn: string): Promise<HeldEntry | undefined>;
  /** Forgets the commands held before `since`. */
  forget(since: number): Promise<void>;
}

/** The held-command table in portable SQL (SQLite and PostgreSQL both accept it). */
export const PIN_HOLD_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS gateway_pin_holds (
    msisdn TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    reference TEXT NOT NULL,
    held_at BIGINT NOT NULL,
    ticket INTEGER NOT NULL
  )`,
];

/** Statements shared by both stores, with `?` placeholders. */
export const PIN_HOLD_SQL = {
  hold:
    'INSERT INTO gateway_pin_holds (msisdn, command, reference, held_at, ticket) ' +
    'VALUES (?, ?, ?, ?, ?) ON CONFLICT (msisdn) DO UPDATE SET command = excluded.command, ' +
    'reference = excluded.reference, held_at = excluded.held_at, ticket = excluded.ticket',
  ticket: 'SELECT ticket FROM gateway_pin_holds WHERE msisdn = ?',
  take: 'DELETE FROM gateway_pin_holds WHERE msisdn = ? RETURNING command, reference, held_at, ticket',
  forget: 'DELETE FROM gateway_pin_holds WHERE held_at < ?',
  lastTicket: 'SELECT MAX(ticket) AS t FROM gateway_pin_holds',
} as const;

/** A row of `gateway_pin_holds`. */
export type HoldRow = Record<string, unknown>;

/** The parameters of PIN_HOLD_SQL.hold. */
export function holdParams(msisdn: string, e: Omit<HeldEntry, 'ticket'>, ticket: number) {
  return [msisdn, JSON.stringify(e.command), e.reference, e.heldAt, ticket];
}

/** A held entry from its row. */
export function heldFromRow(r: HoldRow): HeldEntry {
  return {
    command: JSON.parse(String(r['command'])) as HeldCommand,
    reference: String(r['reference']),
    heldAt: Number(r['held_at']),
    ticket: Number(r['ticket']),
  };
}

/** Held commands in the server's SQLite database (its only writer draws the tickets). */
export class SqlitePinHolds implements PinHoldRecords {
  private tickets: number;

  constructor(private readonly db: SqliteDb) {
    for (const statement of PIN_HOLD_SCHEMA) db.exec(statement);
    const last = db.prepare(PIN_HOLD_SQL.lastTicket).get() as HoldRow;
    this.tickets = Number(last['t'] ?? 0);
  }

  async hold(msisdn: string, entry: Omit<HeldEntry, 'ticket'>): Promise<number> {
    this.tickets = (this.tickets % MAX_TICKET) + 1;
    this.db.prepare(PIN_HOLD_SQL.hold).run(...holdParams(msisdn, entry, this.tickets));
    return this.tickets;
  }

  async ticketOf(msisdn: string): Promise<number | undefined> {
    const row = this.db.prepare(PIN_HOLD_SQL.ticket).get(msisdn) as HoldRow | undefined;
    return row ? Number(row['ticket']) : undefined;
  }

  async take(msisdn: string): Promise<HeldEntry | undefined> {
    const row = this.db.prepare(PIN_HOLD_SQL.take).get(msisdn) as HoldRow | undefined;
    return row ? heldFromRow(row) : undefined;
  }

  async forget(since: number): Promise<void> {
    this.db.prepare(PIN_HOLD_SQL.forget).run(since);
  }
}

/** What a PIN finds. */
export type PinMatch =
  | ({ readonly kind: 'command' } & HeldEntry)
  | { readonly kind: 'expired' }
  | { readonly kind: 'none' };

/** Commands waiting for their PIN, one per sender (a newer command replaces an older one). */
export class PinCorrelator {
  private held = 0;

  constructor(
    private readonly records: PinHoldRecords,
    private readonly clock: Clock,
    readonly windowMs: number = DEFAULT_PIN_WINDOW_MS,
  ) {}

  /**
   * Holds `command` from `msisdn` (sent with payment `reference`) until its PIN arrives; returns
   * the command's ticket.
   */
  async hold(msisdn: string, command: HeldCommand, reference: string): Promise<number> {
    const heldAt = this.clock.now();
    const ticket = await this.records.hold(msisdn, { command, reference, heldAt });
    this.held += 1;
    if (this.held % PRUNE_HELD_EVERY === 0) await this.records.forget(heldAt - HELD_KEPT_MS);
    return ticket;
  }

  /** The ticket of the command waiting for `msisdn`'s PIN, if one waits. */
  ticketOf(msisdn: string): Promise<number | undefined> {
    return this.records.ticketOf(msisdn);
  }

  /** Takes the command waiting for `msisdn`'s PIN, if it is still within the window. */
  async take(msisdn: string): Promise<PinMatch> {
    const entry = await this.records.take(msisdn);
    if (entry === undefined) return { kind: 'none' };
    if (this.clock.now() - entry.heldAt > this.windowMs) return { kind: 'expired' };
    return { kind: 'command', ...entry };
  }

  /** True when a command from `msisdn` waits for its PIN (expired ones included). */
  async waiting(msisdn: string): Promise<boolean> {
    return (await this.records.ticketOf(msisdn)) !== undefined;
  }
}
