// Payment records in PostgreSQL, shared by every server process on the database: the same table
// and SQL as the SQLite store, with the limit window's count written as a FILTER clause. A record
// written alongside a ledger batch commits in the batch's transaction.
import { numbered, type PgPool } from '../ledger/pg-db.ts';
import { ledgerTransaction } from '../ledger/pg-transaction.ts';
import {
  LIVE_SEND_STATUSES,
  PAYMENT_SCHEMA,
  PAYMENT_SQL,
  paymentFromRow,
  paymentParams,
  type Payment,
  type PaymentRecords,
  type PaymentRow,
  type PaymentStatus,
} from './payment-store.ts';

const SENT_SINCE =
  'SELECT COALESCE(SUM(amount + fee), 0) AS total, COUNT(*) FILTER (WHERE created_at > $3) AS n ' +
  "FROM payments WHERE payer = $1 AND kind = 'send' AND created_at > $2 " +
  `AND status IN ${LIVE_SEND_STATUSES}`;

/** Payment records in the server's PostgreSQL database; call `init()` once before use. */
export class PgPaymentStore implements PaymentRecords {
  constructor(private readonly pool: PgPool) {}

  /** Creates the payment table and its indexes if they do not exist. */
  async init(): Promise<void> {
    for (const statement of PAYMENT_SCHEMA) await this.pool.query(statement);
  }

  private async rows(sql: string, params: unknown[]): Promise<PaymentRow[]> {
    return (await this.pool.query(numbered(sql), params)).rows as PaymentRow[];
  }

  /** Inside a ledger batch (an alongside write), on the batch's transaction. */
  async add(p: Payment): Promise<void> {
    const client = ledgerTransaction() ?? this.pool;
    await client.query(numbered(PAYMENT_SQL.insert), paymentParams(p));
  }

  async insert(p: Payment): Promise<Payment> {
    await this.add(p);
    return (await this.get(p.id)) ?? p;
  }

  async get(id: string): Promise<Payment | undefined> {
    const [row] = await this.rows(PAYMENT_SQL.get, [id]);
    return row ? paymentFromRow(row) : undefined;
  }

  async transition(
    id: string,
    from: readonly PaymentStatus[],
    to: PaymentStatus,
    settledBy?: string,
  ): Promise<boolean> {
    const sql = numbered(PAYMENT_SQL.transition(from.length));
    const result = await this.pool.query(sql, [to, settledBy ?? null, id, ...from]);
    return result.rowCount === 1;
  }

  async heldFor(payee: string): Promise<Payment[]> {
    return (await this.rows(PAYMENT_SQL.heldFor, [payee])).map(paymentFromRow);
  }

  async sentSince(
    payer: string,
    sumSinceMs: number,
    countSinceMs = sumSinceMs,
  ): Promise<{ total: bigint; count: number }> {
    const [row] = (await this.pool.query(SENT_SINCE, [payer, sumSinceMs, countSinceMs]))
      .rows as PaymentRow[];
    return { total: BigInt((row?.['total'] as string) ?? 0), count: Number(row?.['n'] ?? 0) };
  }
}
