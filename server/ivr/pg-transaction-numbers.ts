// The voice channel's `transactionNumber` (transaction-numbers.ts, SOURCE-NOTES V-25) in PostgreSQL:
// numbers come from the table's sequence, so server processes sharing the database never hand out
// the same one, and a payment asked for on two processes at once still gets a single number.
import type { PgPool } from '../ledger/pg-db.ts';
import type { TransactionNumbers } from './transaction-numbers.ts';

/** The table of voice transaction numbers, numbered by its BIGSERIAL sequence. */
export const PG_TRANSACTION_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ivr_transactions (
    number BIGSERIAL PRIMARY KEY,
    payment_id TEXT NOT NULL UNIQUE
  )`,
];

/** Numbers of payments answered over the voice channel, in the PostgreSQL table. */
export class PgTransactionNumbers implements TransactionNumbers {
  constructor(private readonly pool: PgPool) {}

  async numberFor(paymentId: string): Promise<string> {
    const inserted = await this.pool.query(
      'INSERT INTO ivr_transactions (payment_id) VALUES ($1) ' +
        'ON CONFLICT (payment_id) DO NOTHING RETURNING number',
      [paymentId],
    );
    const fresh = inserted.rows[0] as { number: string } | undefined;
    if (fresh) return String(fresh.number);
    const known = await this.pool.query(
      'SELECT number FROM ivr_transactions WHERE payment_id = $1',
      [paymentId],
    );
    return String((known.rows[0] as { number: string }).number);
  }
}
