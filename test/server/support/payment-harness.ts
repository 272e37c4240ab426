// A payment service on an in-memory SQLite database with a fake clock, collecting its events.
import { parseConfig } from '../../../server/config/config.ts';
import { openSqlite } from '../../../server/ledger/sqlite-db.ts';
import { SqliteLedger } from '../../../server/ledger/sqlite-ledger.ts';
import type { Account } from '../../../server/ledger/types.ts';
import { MemberStore } from '../../../server/members/member-store.ts';
import type { ServerEvent } from '../../../server/payments/events.ts';
import { PaymentStore } from '../../../server/payments/payment-store.ts';
import { PaymentService } from '../../../server/payments/service.ts';
import { FakeClock } from './fake-clock.ts';

export const TEST_ENV = { SIMPAY_PIN_PEPPER: 'pepper-for-tests-only-0001' };

export async function paymentHarness(configInput: Record<string, unknown> = {}) {
  const db = openSqlite(':memory:');
  const clock = new FakeClock();
  const ledger = new SqliteLedger(db, clock);
  const members = new MemberStore(db);
  const events: ServerEvent[] = [];
  const config = parseConfig({ banks: ['ci', 'ba'], ...configInput }, TEST_ENV);
  const service = new PaymentService({
    ledger,
    members,
    payments: new PaymentStore(db),
    config,
    clock,
    emit: (e) => void events.push(e),
  });
  await service.open();
  /** Sum of all posted and of all pending balances: both must stay zero. */
  async function totals() {
    const accounts: Account[] = await ledger.allAccounts();
    const posted = accounts.reduce((s, a) => s + a.creditsPosted - a.debitsPosted, 0n);
    const pending = accounts.reduce((s, a) => s + a.creditsPending - a.debitsPending, 0n);
    return { posted, pending };
  }
  return { db, clock, ledger, members, events, service, totals };
}
