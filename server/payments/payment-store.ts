// Payment records beside the ledger: who paid whom, the fee, the message and the state a member
// sees (awaiting acceptance, held for a non-member, requested, …). Money itself lives in the ledger.
// The port is asynchronous (SQLite here, the default; PostgreSQL in pg-payment-store.ts).
import type { SqliteDb, SqliteStatement } from '../ledger/sqlite-db.ts';
import { SendWindows } from './send-windows.ts';

/** A payment made (send) or asked for (request). */
export type PaymentKind = 'send' | 'request';

/** Where a payment stands, as members see it. */
export type PaymentStatus =
  | 'completed'
  | 'awaiting_acceptance'
  | 'held'
  | 'requested'
  | 'accepted'
  | 'declined'
  | 'stopped'
  | 'expired'
  | 'claimed';

/** A payment record (amounts in minor units, times in clock milliseconds). */
export interface Payment {
  readonly id: string;
  readonly kind: PaymentKind;
  readonly payer: string;
  readonly payee: string;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly status: PaymentStatus;
  readonly message: string;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  /** For an accepted request: the payment that paid it. */
  readonly settledBy: string | null;
}

/** Payment tables in portable SQL (SQLite and PostgreSQL both accept it). */
export const PAYMENT_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payer TEXT NOT NULL,
    payee TEXT NOT NULL,
    amount BIGINT NOT NULL,
    fee BIGINT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    settled_by TEXT
  )`,
  'CREATE INDEX IF NOT EXISTS payments_payer_sent ON payments (payer, created_at, kind, status, amount, fee)',
  'DROP INDEX IF EXISTS payments_payer',
  'DROP INDEX IF EXISTS payments_payee',
  "CREATE INDEX IF NOT EXISTS payments_held ON payments (payee, created_at, id) WHERE status = 'held'",
];

/** A row of `payments` (64-bit integers as bigint from SQLite, as strings from PostgreSQL). */
export type PaymentRow = Record<string, unknown>;
type Row = PaymentRow;

/** A payment from its row. */
export function paymentFromRow(r: Row): Payment {
  const expires = r['expires_at'];
  const settledBy = r['settled_by'];
  return {
    id: String(r['id']),
    kind: String(r['kind']) as PaymentKind,
    payer: String(r['payer']),
    payee: String(r['payee']),
    amount: BigInt(r['amount'] as bigint),
    fee: BigInt(r['fee'] as bigint),
    status: String(r['status']) as PaymentStatus,
    message: String(r['message']),
    createdAt: Number(r['created_at']),
    expiresAt: expires === null || expires === undefined ? null : Number(expires),
    settledBy: typeof settledBy === 'string' ? settledBy : null,
  };
}

/** Payment records of the server database, whichever database it is. */
export interface PaymentRecords {
  /**
   * Inserts a record unless its id exists, in one statement. The SQLite store runs it before this
   * returns, so called from a ledger alongside write it shares the ledger's transaction.
   */
  add(p: Payment): Promise<void>;
  /** Inserts a record unless its id exists; returns the stored record either way. */
  insert(p: Payment): Promise<Payment>;
  get(id: string): Promise<Payment | undefined>;
  /** Moves a record from one of `from` to `to`; false if it was in another state. */
  transition(
    id: string,
    from: readonly PaymentStatus[],
    to: PaymentStatus,
    settledBy?: string,
  ): Promise<boolean>;
  /** Payments waiting for a non-member at `payee`. */
  heldFor(payee: string): Promise<Payment[]>;
  /**
   * Amount (with fees) of the payer's live sends since `sumSinceMs` and their count since
   * `countSinceMs` (not earlier than `sumSinceMs`).
   */
  sentSince(
    payer: string,
    sumSinceMs: number,
    countSinceMs?: number,
  ): Promise<{ total: bigint; count: number }>;
}

/** The columns of a record, in the order of {@link PAYMENT_SQL}'s insert. */
export function paymentParams(p: Payment): unknown[] {
  const { id, kind, payer, payee, amount, fee, status, message } = p;
  return [
    id,
    kind,
    payer,
    payee,
    amount,
    fee,
    status,
    message,
    p.createdAt,
    p.expiresAt,
    p.settledBy,
  ];
}

/** SQL shared by the SQLite and PostgreSQL stores. */
export const PAYMENT_SQL = {
  insert:
    'INSERT INTO payments (id, kind, payer, payee, amount, fee, status, message, created_at, expires_at, settled_by) ' +
    'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  get: 'SELECT * FROM payments WHERE id = ?',
  heldFor:
    "SELECT * FROM payments WHERE payee = ? AND status = 'held' AND kind = 'send' ORDER BY created_at, id",
  transition: (states: number) =>
    'UPDATE payments SET status = ?, settled_by = COALESCE(?, settled_by) WHERE id = ? ' +
    `AND status IN (${Array.from({ length: states }, () => '?').join(', ')})`,
} as const;

/** Statuses whose amount counts towards the sending limits. */
export const LIVE_SEND_STATUSES = "('completed', 'awaiting_acceptance', 'held', 'claimed')";

const SENT_AFTER =
  'SELECT created_at AS at, amount + fee AS cost FROM payments ' +
  `WHERE payer = ? AND kind = 'send' AND created_at > ? AND status IN ${LIVE_SEND_STATUSES}`;

/** Statements prepared once per store; a transition's, once per number of source states. */
function prepare(db: SqliteDb) {
  const transitions = new Map<number, SqliteStatement>();
  return {
    insert: db.prepare(PAYMENT_SQL.insert),
    get: db.prepare(PAYMENT_SQL.get),
    heldFor: db.prepare(PAYMENT_SQL.heldFor),
    sentAfter: db.prepare(SENT_AFTER),
    transition(states: number): SqliteStatement {
      let statement = transitions.get(states);
      if (!statement) {
        statement = db.prepare(`${PAYMENT_SQL.transition(states)} RETURNING payer`);
        transitions.set(states, statement);
      }
      return statement;
    },
  };
}

/**
 * Payment records in the server's SQLite database (the default store). It is their only writer, so
 * the payers' sending windows are kept in memory beside the table (see send-windows.ts).
 */
export class PaymentStore implements PaymentRecords {
  private readonly sql: ReturnType<typeof prepare>;
  private readonly windows: SendWindows;

  constructor(db: SqliteDb) {
    for (const statement of PAYMENT_SCHEMA) db.exec(statement);
    this.sql = prepare(db);
    this.windows = new SendWindows((payer, since) =>
      (this.sql.sentAfter.all(payer, since) as Row[]).map((r) => ({
        at: Number(r['at']),
        cost: BigInt(r['cost'] as bigint),
      })),
    );
  }

  async add(p: Payment): Promise<void> {
    if (this.sql.insert.run(...paymentParams(p)).changes === 1) this.windows.added(p);
  }

  async insert(p: Payment): Promise<Payment> {
    await this.add(p);
    return (await this.get(p.id)) ?? p;
  }

  async get(id: string): Promise<Payment | undefined> {
    const row = this.sql.get.get(id) as Row | undefined;
    return row ? paymentFromRow(row) : undefined;
  }

  async transition(
    id: string,
    from: readonly PaymentStatus[],
    to: PaymentStatus,
    settledBy?: string,
  ): Promise<boolean> {
    const row = this.sql.transition(from.length).get(to, settledBy ?? null, id, ...from) as
      Row | undefined;
    if (row) this.windows.changed(String(row['payer']));
    return row !== undefined;
  }

  async heldFor(payee: string): Promise<Payment[]> {
    return (this.sql.heldFor.all(payee) as Row[]).map(paymentFromRow);
  }

  async sentSince(
    payer: string,
    sumSinceMs: number,
    countSinceMs = sumSinceMs,
  ): Promise<{ total: bigint; count: number }> {
    return this.windows.sentSince(payer, sumSinceMs, Math.max(countSinceMs, sumSinceMs));
  }
}
