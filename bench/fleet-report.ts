// The figures `simpay bench fleet` reports: handsets, APDUs, payments and SMS per second over the
// run, CPU, memory per live handset, the server's outcomes and the ledger checks, as text and JSON.
import type { FleetLedgerCheck } from './fleet-server.ts';
import type { FleetTally } from './fleet-run.ts';

/** Everything measured and checked in one run. */
export interface FleetResult {
  readonly tally: FleetTally;
  readonly workers: number;
  readonly concurrency: number;
  /** Registering members, funds and adaptors, in seconds. */
  readonly setupSeconds: number;
  /** From the first handset starting to the last reply verified, in seconds. */
  readonly runSeconds: number;
  /** CPU of the server process (core, carrier, endpoint) during the run, in seconds. */
  readonly serverCpuSeconds: number;
  /**
   * Share of the run the server process's event loop was busy (computing, or blocked in a
   * synchronous commit), 0 to 1; 0 when the handsets ran in the same process.
   */
  readonly serverBusy: number;
  /** Peak resident set of the server process, in bytes. */
  readonly serverRss: number;
  readonly outcomes: Readonly<Record<string, number>>;
  /** SMS the merchants received. */
  readonly notices: number;
  /** Messages the SMS centre still held once the run was over (waiting, or for no one). */
  readonly leftInCarrier: number;
  readonly ledger: FleetLedgerCheck;
}

/** The reasons a run failed its checks; empty when every payment was made once and answered. */
export function problems(r: FleetResult): string[] {
  const n = r.tally.handsets;
  const found: string[] = [];
  const executed = r.outcomes['executed'] ?? 0;
  if (r.tally.failures.length > 0) found.push(`${r.tally.failures.length} handsets failed`);
  if (executed !== n) found.push(`${executed} payments executed by the gateway, expected ${n}`);
  if (r.ledger.paidOnce !== n)
    found.push(`${r.ledger.paidOnce} payers' wallets show exactly one payment, expected ${n}`);
  if (r.ledger.totalAfter !== r.ledger.totalBefore)
    found.push(`ledger total ${r.ledger.totalAfter} after the run, ${r.ledger.totalBefore} before`);
  if (r.ledger.imbalance !== 0n) found.push(`debits and credits differ by ${r.ledger.imbalance}`);
  if (r.tally.replies !== n) found.push(`${r.tally.replies} replies verified, expected ${n}`);
  if (r.leftInCarrier > 0)
    found.push(`${r.leftInCarrier} messages still in the SMS centre after the run`);
  return found;
}

const rate = (count: number, seconds: number): number => Math.round(count / seconds);

/** The figures as one flat JSON-ready object. */
export function figures(r: FleetResult) {
  const t = r.tally;
  const perHandset = (bytes: number): number => Math.round(bytes / Math.max(1, t.peakLive));
  return {
    handsets: t.handsets,
    succeeded: t.succeeded,
    workers: r.workers,
    concurrency: r.concurrency,
    setupSeconds: Number(r.setupSeconds.toFixed(3)),
    runSeconds: Number(r.runSeconds.toFixed(3)),
    /** The slowest handset process's own run, from its first handset to its last. */
    handsetSeconds: Number(t.seconds.toFixed(3)),
    handsetsPerSecond: rate(t.succeeded, r.runSeconds),
    paymentsPerSecond: rate(r.outcomes['executed'] ?? 0, r.runSeconds),
    apdusPerSecond: rate(t.apdusHandset, r.runSeconds),
    simApdusPerSecond: rate(t.apdusSim, r.runSeconds),
    apdusPerHandset: Number((t.apdusHandset / t.handsets).toFixed(1)),
    smsSubmitted: t.sms,
    repliesVerified: t.replies,
    outcomes: r.outcomes,
    merchantNotices: r.notices,
    leftInCarrier: r.leftInCarrier,
    paidOnce: r.ledger.paidOnce,
    ledgerTotalUnchanged: r.ledger.totalAfter === r.ledger.totalBefore,
    handsetCpuSeconds: Number(t.cpuSeconds.toFixed(3)),
    serverCpuSeconds: Number(r.serverCpuSeconds.toFixed(3)),
    serverLoopBusy: Number(r.serverBusy.toFixed(3)),
    handsetsPerCpuSecond: rate(t.succeeded, t.cpuSeconds + r.serverCpuSeconds),
    peakLiveHandsets: t.peakLive,
    heapBytesPerHandset: perHandset(t.peakHeapGrowth),
    rssBytesPerHandset: perHandset(t.peakRssGrowth),
    serverRssBytes: r.serverRss,
  };
}

/** The report as text lines: a summary, the failures (at most ten), and the JSON figures. */
export function reportLines(r: FleetResult): string[] {
  const f = figures(r);
  const where = r.workers === 1 ? 'in this process' : `over ${r.workers} handset processes`;
  const lines = [
    `fleet: ${f.succeeded}/${f.handsets} handsets (adaptor + virtual SIM, ${where}, ` +
      `${f.concurrency} alive at most each) paid once through the carrier to the server in ` +
      `${f.runSeconds} s after ${f.setupSeconds} s of enrolment: ${f.handsetsPerSecond} handsets/s, ` +
      `${f.paymentsPerSecond} payments/s, ${f.apdusPerSecond} APDUs/s handset-adaptor ` +
      `(${f.apdusPerHandset} per handset), ${f.simApdusPerSecond} APDUs/s adaptor-SIM; ` +
      `${f.repliesVerified} secured replies verified by the adaptors, ${f.merchantNotices} notices to ` +
      `merchants, ${f.leftInCarrier} messages left in the carrier; ledger: ${f.paidOnce} payers ` +
      `paid exactly once, total ${f.ledgerTotalUnchanged ? 'unchanged' : 'CHANGED'}; CPU ` +
      `${f.handsetCpuSeconds} s handsets + ${f.serverCpuSeconds} s server (its event loop busy ` +
      `${(f.serverLoopBusy * 100).toFixed(0)}% of the run), ${f.handsetsPerCpuSecond} handsets ` +
      `per CPU second; memory per live handset ` +
      `(peak growth, uncollected garbage included): ${(f.heapBytesPerHandset / 1024).toFixed(0)} KiB heap, ` +
      `${(f.rssBytesPerHandset / 1024).toFixed(0)} KiB RSS`,
  ];
  for (const problem of problems(r)) lines.push(`  check failed: ${problem}`);
  for (const failure of r.tally.failures.slice(0, 10)) lines.push(`  failed ${failure}`);
  lines.push(JSON.stringify(f));
  return lines;
}
