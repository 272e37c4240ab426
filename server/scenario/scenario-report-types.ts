// What a scenario run reports: each step with its outcome, the members' balances, the partner
// banks' settlement positions, the money check, the carrier's counters and the timings.
import type { BalanceRow, MoneyCheck, SettlementReport } from './ledger-check.ts';
import type { HandsetSim } from './scenario-sim.ts';

/** Where a run is, for a progress bar. */
export interface ScenarioProgress {
  readonly step: number;
  readonly of: number;
  readonly what: string;
}

/** One step as it went. */
export interface StepReport {
  readonly index: number;
  readonly line: number;
  /** The action in words. */
  readonly action: string;
  readonly note?: string;
  readonly passed: boolean;
  /** Expectations that did not hold (or why the action could not run). */
  readonly failures: readonly string[];
  /** What happened, one line each. */
  readonly notes: readonly string[];
  readonly simulatedMs: number;
  readonly wallMs: number;
}

/** A whole run. */
export interface ScenarioReport {
  readonly name: string;
  readonly file: string;
  readonly seed: number;
  /** Every expectation held and the money check passed. */
  readonly passed: boolean;
  /** `step 3 (FILE:LINE): what was wrong`, one per failed expectation. */
  readonly failed: readonly string[];
  readonly steps: readonly StepReport[];
  readonly balances: readonly BalanceRow[];
  readonly settlement: SettlementReport;
  readonly money: MoneyCheck;
  /** SMS centre events by type. */
  readonly carrier: Readonly<Record<string, number>>;
  readonly handsets: number;
  /** The SIM each handset used (virtual, or the card in a PC/SC reader) and its adaptor. */
  readonly sims: readonly HandsetSim[];
  readonly timings: { readonly wallMs: number; readonly simulatedMs: number };
  readonly pcapFile?: string;
  readonly wavFiles: readonly string[];
}
