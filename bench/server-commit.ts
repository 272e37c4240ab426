// Group commits of the SQLite ledger with their payment records, without the WebSocket server, on
// the storage `simpay server` runs: an in-memory copy of a file that already holds a history, each
// commit recorded in the redo log and flushed before the next (redo-log.ts), the file brought up to
// date on the applier thread. A change to the stores or their schema is measured apart from the
// machine's network load: event-loop time per payment is what bounds one server process's rate.
// Run: npx tsx bench/server-commit.ts [commits] [members] (prints one line of figures).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccountFlags,
  openSqlite,
  SqliteLedger,
  type Clock,
  type TransferInput,
} from '../server/ledger/index.ts';
import { RedoLog } from '../server/ledger/redo-log.ts';
import { PaymentStore, type Payment } from '../server/payments/payment-store.ts';

/** Payments in one group commit (a busy event-loop turn of the server). */
export const PAYMENTS_PER_COMMIT = 50;

/** Figures of one run. */
export interface CommitFigures {
  readonly commits: number;
  /** Median time of one commit, its redo flush included. */
  readonly medianMs: number;
  /** CPU of the whole process (event loop, applier thread, file system calls) per payment. */
  readonly cpuUsPerPayment: number;
  /** Main-thread (event loop) time per payment: what bounds one server process's rate. */
  readonly loopUsPerPayment: number;
}

const wallet = (i: number) => `wallet:+1408${2_000_000 + i}`;

function ticking(): Clock {
  let ms = 1_700_000_000_000;
  return { now: () => (ms += 1) };
}

async function openMembers(ledger: SqliteLedger, members: number): Promise<void> {
  const flags = AccountFlags.debitsMustNotExceedCredits;
  await ledger.createAccounts([{ id: 'bank', ledger: 'USD', code: 1, flags: 0 }]);
  const ids = Array.from({ length: members }, (_, i) => wallet(i));
  await ledger.createAccounts(ids.map((id) => ({ id, ledger: 'USD', code: 2, flags })));
  const load = (id: string, i: number): TransferInput => {
    const t = { id: `load:${i}`, debitAccountId: 'bank', creditAccountId: id, amount: 10n ** 9n };
    return { ...t, ledger: 'USD', code: 1, flags: 0 };
  };
  await ledger.createTransfers(ids.map(load));
}

/** One commit of `PAYMENTS_PER_COMMIT` sends between members, each with its payment record. */
async function commitOnce(
  ledger: SqliteLedger,
  store: PaymentStore,
  clock: Clock,
  members: number,
  n: number,
): Promise<void> {
  const payments: Payment[] = [];
  const batch: TransferInput[] = [];
  for (let k = 0; k < PAYMENTS_PER_COMMIT; k++) {
    const i = (n * 7 + k * 13) % members;
    const payer = `+1408${2_000_000 + i}`;
    const payee = `+1408${2_000_000 + ((i + 1) % members)}`;
    const id = `pay:${payer}:b${n * PAYMENTS_PER_COMMIT + k}`;
    const base = { id, debitAccountId: wallet(i), creditAccountId: `wallet:${payee}`, amount: 1n };
    batch.push({ ...base, ledger: 'USD', code: 1, flags: 0, userData: payee });
    const record = { id, kind: 'send' as const, payer, payee, amount: 1n, fee: 0n };
    const at = clock.now();
    payments.push({ ...record, status: 'completed', message: '', createdAt: at, expiresAt: null, settledBy: null }); // prettier-ignore
  }
  await ledger.createTransfers(batch, () => {
    for (const p of payments) void store.add(p);
  });
}

/** Runs `warm` commits to build a history, then measures `commits` more. */
export async function measureCommits(
  commits: number,
  members: number,
  warm: number,
): Promise<CommitFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'simpay-commit-'));
  const file = join(dir, 'bench.db');
  openSqlite(file).close();
  const redo = await RedoLog.open(file);
  const clock = ticking();
  const ledger = new SqliteLedger(redo.db, clock);
  try {
    const store = new PaymentStore(redo.db);
    await openMembers(ledger, members);
    for (let n = 0; n < warm; n++) await commitOnce(ledger, store, clock, members, n);
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    const loop0 = performance.eventLoopUtilization();
    for (let n = warm; n < warm + commits; n++) {
      const t0 = performance.now();
      await commitOnce(ledger, store, clock, members, n);
      times.push(performance.now() - t0);
    }
    const loop = performance.eventLoopUtilization(loop0);
    const cpu = process.cpuUsage(cpu0);
    times.sort((a, b) => a - b);
    const payments = commits * PAYMENTS_PER_COMMIT;
    return {
      commits,
      medianMs: times[times.length >> 1] ?? 0,
      cpuUsPerPayment: (cpu.user + cpu.system) / payments,
      loopUsPerPayment: (loop.active * 1000) / payments,
    };
  } finally {
    await redo.close();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const commits = Number(process.argv[2] ?? 1000);
  const members = Number(process.argv[3] ?? 1000);
  const f = await measureCommits(commits, members, 400);
  const line = `${f.commits} commits of ${PAYMENTS_PER_COMMIT} payments, ${members} members: median ${f.medianMs.toFixed(2)} ms, CPU ${f.cpuUsPerPayment.toFixed(1)} us/payment, event loop busy ${f.loopUsPerPayment.toFixed(1)} us/payment`;
  process.stdout.write(`${line}\n`);
}
