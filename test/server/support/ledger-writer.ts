// Child process for the crash test: writes batches of three transfers (1+2+3 units) to a SQLite
// ledger and prints each batch name only after its commit returned, until it is killed.
import {
  AccountFlags,
  openSqlite,
  SqliteLedger,
  systemClock,
} from '../../../server/ledger/index.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: ledger-writer FILE');
const ledger = new SqliteLedger(openSqlite(file), systemClock);
await ledger.createAccounts([
  { id: 'src', ledger: 'USD', code: 1, flags: 0 },
  { id: 'dst', ledger: 'USD', code: 1, flags: AccountFlags.debitsMustNotExceedCredits },
]);
for (let n = 0; n < 100_000; n += 1) {
  const name = `b${n}`;
  const results = await ledger.createTransfers(
    [1n, 2n, 3n].map((amount) => ({
      id: `${name}-${amount}`,
      debitAccountId: 'src',
      creditAccountId: 'dst',
      amount,
      ledger: 'USD',
      code: 1,
      flags: 0,
    })),
  );
  if (results.some((r) => r.result !== 'ok')) throw new Error(`batch ${name} failed`);
  process.stdout.write(`${name}\n`);
}
