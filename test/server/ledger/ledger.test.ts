import { MemoryLedger, openSqlite, SqliteLedger } from '../../../server/ledger/index.ts';
import { describeLedgerExamples } from '../support/ledger-examples.ts';

describeLedgerExamples('memory', async (clock) => new MemoryLedger(clock));
describeLedgerExamples('sqlite', async (clock) => new SqliteLedger(openSqlite(':memory:'), clock));
