// Payment records beside the ledger: who paid whom, the fee, the message and the state a member
// sees (awaiting acceptance, held for a non-member, requested, …). Money itself lives in the ledger.
import type { SqliteDb } from '../ledger/sqlite-db.ts';

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

const SCHEMA = [
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
  'CREATE INDEX IF NOT EXISTS payments_payee ON payments (payee, status)',
];

type Row = Record<string, unknown>;

function fromRow(r: Row): Payment {
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

const INSERT =
  'INSERT INTO payments (id, kind, payer, payee, amount, fee, status, message, created_at, expires_at, settled_by) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING';
const SENT_SINCE =
  'SELECT COALESCE(SUM(amount + fee), 0) AS total, COALESCE(SUM(created_at > @countSince), 0) AS n ' +
  "FROM payments WHERE payer = @payer AND kind = 'send' AND created_at > @sumSince " +
  "AND status IN ('completed', 'awaiting_acceptance', 'held', 'claimed')";
const HELD_FOR =
  "SELECT * FROM payments WHERE payee = ? AND status = 'held' AND kind = 'send' ORDER BY created_at, id";

/** Statements prepared once per store. */
function prepare(db: SqliteDb) {
  return {
    insert: db.prepare(INSERT),
    get: db.prepare('SELECT * FROM payments WHERE id = ?'),
    heldFor: db.prepare(HELD_FOR),
    sentSince: db.prepare(SENT_SINCE),
  };
}

/** Payment records in the server database. */
export class PaymentStore {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(private readonly db: SqliteDb) {
    for (const statement of SCHEMA) db.exec(statement);
    this.sql = prepare(db);
  }

  /** Inserts a record unless its id exists, in one statement (safe inside a ledger transaction). */
  add(p: Payment): void {
    this.sql.insert.run(
      p.id,
      p.kind,
      p.payer,
      p.payee,
      p.amount,
      p.fee,
      p.status,
      p.message,
      p.createdAt,
      p.expiresAt,
      p.settledBy,
    );
  }

  /** Inserts a record unless its id exists; returns the stored record either way. */
  insert(p: Payment): Payment {
    this.add(p);
    return this.get(p.id) ?? p;
  }

  get(id: string): Payment | undefined {
    const row = this.sql.get.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Moves a record from one of `from` to `to`; false if it was in another state. */
  transition(
    id: string,
    from: readonly PaymentStatus[],
    to: PaymentStatus,
    settledBy?: string,
  ): boolean {
    const marks = from.map(() => '?').join(', ');
    const result = this.db
      .prepare(
        `UPDATE payments SET status = ?, settled_by = COALESCE(?, settled_by) WHERE id = ? AND status IN (${marks})`,
      )
      .run(to, settledBy ?? null, id, ...from);
    return result.changes === 1;
  }

  /** Payments waiting for a non-member at `payee`. */
  heldFor(payee: string): Payment[] {
    return (this.sql.heldFor.all(payee) as Row[]).map(fromRow);
  }

  /**
   * Amount (with fees) of the payer's live sends since `sumSinceMs` and their count since
   * `countSinceMs` (not earlier than `sumSinceMs`), read together from one covering index.
   */
  sentSince(
    payer: string,
    sumSinceMs: number,
    countSinceMs = sumSinceMs,
  ): { total: bigint; count: number } {
    const params = { payer, sumSince: sumSinceMs, countSince: countSinceMs };
    const row = this.sql.sentSince.get(params) as Row;
    return { total: BigInt(row['total'] as bigint), count: Number(row['n']) };
  }
}
