// The `transactionNumber` the voice channel answers with (SOURCE-NOTES V-25): payment ids are text,
// the keypad's numeric field holds at most 12 digits, so each payment made by voice is numbered in
// the server database, the same payment always getting the same number.
import type { SqliteDb } from '../ledger/sqlite-db.ts';

/** Numbers of payments answered over the voice channel, whichever database holds them. */
export interface TransactionNumbers {
  /** The number of `paymentId`, assigned the first time it is asked for. */
  numberFor(paymentId: string): Promise<string>;
}

/** Numbers of payments answered over the voice channel, in the SQLite table `ivr_transactions`. */
export class SqliteTransactionNumbers implements TransactionNumbers {
  constructor(private readonly db: SqliteDb) {
    db.exec(`CREATE TABLE IF NOT EXISTS ivr_transactions (
      number INTEGER PRIMARY KEY AUTOINCREMENT,
      payment_id TEXT NOT NULL UNIQUE
    )`);
  }

  async numberFor(paymentId: string): Promise<string> {
    const find = () =>
      this.db.prepare('SELECT number FROM ivr_transactions WHERE payment_id = ?').get(paymentId) as
        { number: bigint | number } | undefined;
    return this.db.transaction(() => {
      const known = find();
      if (known) return String(known.number);
      this.db.prepare('INSERT INTO ivr_transactions (payment_id) VALUES (?)').run(paymentId);
      return String(find()!.number);
    })();
  }
}
