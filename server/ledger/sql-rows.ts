// Maps ledger rows (snake_case columns; 64-bit integers as bigint from SQLite or as strings from
// PostgreSQL) to records, and records to row parameters.
import type {
  Account,
  PendingState,
  PendingStatus,
  Transfer,
  TransferResultCode,
} from './types.ts';

/** A row as better-sqlite3 returns it with safe integers on. */
export type Row = Record<string, unknown>;

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number));
const num = (v: unknown): number => Number(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

/** An account from its row. */
export function accountFromRow(r: Row): Account {
  const userData = text(r['user_data']);
  return {
    id: String(r['id']),
    ledger: String(r['ledger']),
    code: num(r['code']),
    flags: num(r['flags']),
    ...(userData ? { userData } : {}),
    debitsPending: big(r['debits_pending']),
    debitsPosted: big(r['debits_posted']),
    creditsPending: big(r['credits_pending']),
    creditsPosted: big(r['credits_posted']),
    timestamp: big(r['timestamp']),
  };
}

/** A transfer from its row. */
export function transferFromRow(r: Row): Transfer {
  const userData = text(r['user_data']);
  const pendingId = text(r['pending_id']);
  const timeout = num(r['timeout_seconds']);
  return {
    id: String(r['id']),
    debitAccountId: String(r['debit_account_id']),
    creditAccountId: String(r['credit_account_id']),
    amount: big(r['amount']),
    ...(pendingId ? { pendingId } : {}),
    ...(timeout ? { timeoutSeconds: timeout } : {}),
    ledger: String(r['ledger']),
    code: num(r['code']),
    flags: num(r['flags']),
    ...(userData ? { userData } : {}),
    timestamp: big(r['timestamp']),
    result: String(r['result']) as TransferResultCode,
  };
}

/** A pending state from its row. */
export function pendingFromRow(r: Row): PendingState {
  const expires = r['expires_at'];
  return {
    id: String(r['id']),
    status: String(r['status']) as PendingStatus,
    expiresAt: expires === null || expires === undefined ? null : num(expires),
  };
}

/** Named parameters for an account row. */
export function accountParams(a: Account): Row {
  return {
    id: a.id,
    ledger: a.ledger,
    code: a.code,
    flags: a.flags,
    user_data: a.userData ?? null,
    debits_pending: a.debitsPending,
    debits_posted: a.debitsPosted,
    credits_pending: a.creditsPending,
    credits_posted: a.creditsPosted,
    timestamp: a.timestamp,
  };
}

/** Named parameters for a transfer row. */
export function transferParams(t: Transfer): Row {
  return {
    id: t.id,
    debit_account_id: t.debitAccountId,
    credit_account_id: t.creditAccountId,
    amount: t.amount,
    pending_id: t.pendingId ?? null,
    timeout_seconds: t.timeoutSeconds ?? 0,
    ledger: t.ledger,
    code: t.code,
    flags: t.flags,
    user_data: t.userData ?? null,
    timestamp: t.timestamp,
    result: t.result,
  };
}
