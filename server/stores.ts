// The server's stores on each database it runs on (DESIGN.md "Server"): the payment service's
// ledger, members and payments, and the SMS gateway's and the IVR's records, on one SQLite file or
// on PostgreSQL pools, with every table the server keeps in PostgreSQL.
import { DEVICE_SCHEMA, type DeviceRecords } from './gateway/device-records.ts';
import { DeviceRegistry } from './gateway/device-registry.ts';
import { HANDLE_SCHEMA, HandleStore, type HandleRecords } from './gateway/handles.ts';
import { PgDeviceRegistry } from './gateway/pg-device-registry.ts';
import { PgHandleStore } from './gateway/pg-handle-store.ts';
import { PG_PIN_TICKET_SCHEMA, PgPinHolds } from './gateway/pg-pin-holds.ts';
import { PgRecentMessages } from './gateway/pg-recent-messages.ts';
import { PIN_HOLD_SCHEMA, SqlitePinHolds, type PinHoldRecords } from './gateway/pin-correlation.ts';
import {
  RECENT_SCHEMA,
  SqliteRecentMessages,
  type RecentMessageRecords,
} from './gateway/recent-messages.ts';
import type { IvrCounterStore } from './ivr/ivr-counters.ts';
import { PG_IVR_COUNTER_SCHEMA, PgIvrCounterStore } from './ivr/pg-counter-store.ts';
import { PG_TRANSACTION_SCHEMA, PgTransactionNumbers } from './ivr/pg-transaction-numbers.ts';
import { SqliteIvrCounterStore } from './ivr/sqlite-counter-store.ts';
import { SqliteTransactionNumbers, type TransactionNumbers } from './ivr/transaction-numbers.ts';
import { GroupCommitLedger } from './ledger/group-commit.ts';
import type { Clock, Ledger } from './ledger/ledger.ts';
import type { PgPool } from './ledger/pg-db.ts';
import { PgLedger } from './ledger/pg-ledger.ts';
import { LEDGER_SCHEMA } from './ledger/sql-schema.ts';
import type { SqliteDb } from './ledger/sqlite-db.ts';
import { SqliteLedger } from './ledger/sqlite-ledger.ts';
import { MEMBER_SCHEMA, MemberStore, type MemberRecords } from './members/member-store.ts';
import { PgMemberStore } from './members/pg-member-store.ts';
import { PAYMENT_SCHEMA, PaymentStore, type PaymentRecords } from './payments/payment-store.ts';
import { PgPaymentStore } from './payments/pg-payment-store.ts';

/** What the payment service keeps: the ledger (commits grouped) and the member and payment records. */
export interface PaymentStores {
  readonly ledger: Ledger;
  readonly members: MemberRecords;
  readonly payments: PaymentRecords;
}

/** What the SMS gateway and the IVR keep. */
export interface GatewayStores {
  readonly registry: DeviceRecords;
  readonly handles: HandleRecords;
  readonly recent: RecentMessageRecords;
  readonly pinHolds: PinHoldRecords;
  readonly ivrCounters: IvrCounterStore;
  readonly transactions: TransactionNumbers;
}

/** Every table of the server in PostgreSQL. */
export const PG_SCHEMA: readonly string[] = [
  ...LEDGER_SCHEMA,
  ...MEMBER_SCHEMA,
  ...PAYMENT_SCHEMA,
  ...DEVICE_SCHEMA,
  ...HANDLE_SCHEMA,
  ...RECENT_SCHEMA,
  ...PIN_HOLD_SCHEMA,
  ...PG_PIN_TICKET_SCHEMA,
  ...PG_IVR_COUNTER_SCHEMA,
  ...PG_TRANSACTION_SCHEMA,
];

/** The payment service's stores in one SQLite database. */
export function sqlitePaymentStores(db: SqliteDb, clock: Clock): PaymentStores {
  return {
    ledger: new GroupCommitLedger(new SqliteLedger(db, clock)),
    members: new MemberStore(db),
    payments: new PaymentStore(db),
  };
}

/** The gateway's and the IVR's stores in one SQLite database. */
export function sqliteGatewayStores(db: SqliteDb): GatewayStores {
  return {
    registry: new DeviceRegistry(db),
    handles: new HandleStore(db),
    recent: new SqliteRecentMessages(db),
    pinHolds: new SqlitePinHolds(db),
    ivrCounters: new SqliteIvrCounterStore(db),
    transactions: new SqliteTransactionNumbers(db),
  };
}

/** The payment service's stores on a PostgreSQL pool holding {@link PG_SCHEMA}. */
export function pgPaymentStores(pool: PgPool, clock: Clock): PaymentStores {
  return {
    ledger: new GroupCommitLedger(new PgLedger(pool, clock)),
    members: new PgMemberStore(pool),
    payments: new PgPaymentStore(pool),
  };
}

/** The gateway's and the IVR's stores on PostgreSQL; devices are held for a packet on `lockPool`. */
export function pgGatewayStores(pool: PgPool, lockPool: PgPool): GatewayStores {
  return {
    registry: new PgDeviceRegistry(pool, lockPool),
    handles: new PgHandleStore(pool),
    recent: new PgRecentMessages(pool),
    pinHolds: new PgPinHolds(pool),
    ivrCounters: new PgIvrCounterStore(pool),
    transactions: new PgTransactionNumbers(pool),
  };
}
