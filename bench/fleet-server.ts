// The server side of `simpay bench fleet`: the payment server core (SQLite ledger in a temporary
// folder, durable group commit, SMS gateway) behind the simulated SMS centre's short code (TS
// 23.040 §2 store and forward), with the fleet's members, funds and adaptor keys in place, the
// merchants' phones receiving their notices, and the checks made after the run: payments executed
// once each, the scheme's money unchanged.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRandom } from '../modem/random.ts';
import { applicationOutbound } from '../server/carrier/carrier-ports.ts';
import { TimerScheduler } from '../server/carrier/scheduler.ts';
import { Smsc } from '../server/carrier/smsc.ts';
import { parseConfig } from '../server/config/config.ts';
import { openServerCore, type ServerCore } from '../server/core.ts';
import { newDevice } from '../server/gateway/device-setup.ts';
import { AccountCode, walletAccountId } from '../server/members/accounts.ts';
import { parseAmount } from '../server/ledger/money.ts';
import type { Account } from '../server/ledger/types.ts';
import { feeFor } from '../server/rules/fees.ts';
import {
  adaptorKeys,
  FLEET_FUNDS,
  FLEET_MERCHANTS,
  handsetNumber,
  merchantNumber,
  merchantPin,
  paymentOf,
  paymentPin,
} from './fleet-identity.ts';

/** The PIN pepper of the bench's own server (a fresh database each run, nothing to protect). */
const BENCH_PEPPER = 'simpay-fleet-bench-pin-pepper';
/** Members registered and funded at once while setting up. */
const SETUP_BATCH = 256;

/** What the ledger shows after the run. */
export interface FleetLedgerCheck {
  /** Payers whose wallet moved by exactly their payment and its fee, once. */
  readonly paidOnce: number;
  /** Payers whose wallet shows anything else (nothing paid, or more than once). */
  readonly wrongPayers: readonly string[];
  /** Money in members' wallets, held accounts and fees before and after, in minor units. */
  readonly totalBefore: bigint;
  readonly totalAfter: bigint;
  /** Sum of every account's posted credits minus debits (double entry: always 0). */
  readonly imbalance: bigint;
}

/** The running server side. */
export interface FleetServer {
  readonly smsc: Smsc;
  readonly scheduler: TimerScheduler;
  readonly core: ServerCore;
  /** The gateway's short code (the adaptors' server number). */
  readonly serverNumber: string;
  /** How long registering the members and their adaptors took, in seconds. */
  readonly setupSeconds: number;
  /** How often each gateway outcome happened ('executed', 'retransmission', ...). */
  outcomes(): Readonly<Record<string, number>>;
  /** SMS the merchants' phones received (the gateway's notices of payments received). */
  notices(): number;
  /** Waits until the SMS centre holds no message, at most `maxMs`; resolves to what it still holds. */
  drain(maxMs: number): Promise<number>;
  /** Reads the ledger and compares it with what the fleet should have paid. */
  check(): Promise<FleetLedgerCheck>;
  /** Stops the carrier's timers, closes the database and removes the temporary folder. */
  close(): Promise<void>;
}

const schemeMoney = (accounts: readonly Account[]): bigint =>
  accounts
    .filter((a) => a.code !== AccountCode.bankShare && a.code !== AccountCode.settlement)
    .reduce((sum, a) => sum + a.creditsPosted - a.debitsPosted, 0n);

async function inBatches(count: number, task: (index: number) => Promise<unknown>) {
  for (let start = 0; start < count; start += SETUP_BATCH) {
    const end = Math.min(count, start + SETUP_BATCH);
    await Promise.all(Array.from({ length: end - start }, (_, i) => task(start + i)));
  }
}

/** Registers the merchants and the handsets' members with PINs and funds, and their adaptors. */
async function enrol(core: ServerCore, handsets: number): Promise<void> {
  const { service, gateway } = core;
  const join = async (msisdn: string, pin: string) => {
    await service.register({ msisdn, pin });
    await service.load({ msisdn, amount: FLEET_FUNDS, reference: `fleet-${msisdn.slice(1)}` });
  };
  await inBatches(FLEET_MERCHANTS, (m) => join(merchantNumber(m), merchantPin(m)));
  await inBatches(handsets, (i) => join(handsetNumber(i), paymentPin(i)));
  const now = Date.now();
  const saved: Promise<void>[] = [];
  core.db.transaction(() => {
    for (let i = 0; i < handsets; i++) {
      const { kic, kid } = adaptorKeys(i);
      const device = newDevice({ msisdn: handsetNumber(i), kicKey: kic, kidKey: kid }, now);
      saved.push(gateway.registry.put(device));
    }
  })();
  await Promise.all(saved);
}

/** Checks each payer's wallet against its one payment and the scheme's money against `before`. */
function ledgerCheck(core: ServerCore, handsets: number, before: bigint, accounts: Account[]) {
  const { exponent, fees } = core.service.ctx.config;
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const funds = parseAmount(FLEET_FUNDS, exponent);
  const wrongPayers: string[] = [];
  for (let i = 0; i < handsets; i++) {
    const msisdn = handsetNumber(i);
    const amount = parseAmount(paymentOf(i).amount, exponent);
    const wallet = byId.get(walletAccountId(msisdn));
    const spent = wallet === undefined ? -1n : wallet.debitsPosted;
    const whole = wallet !== undefined && wallet.creditsPosted === funds;
    if (!whole || spent !== amount + feeFor(amount, fees)) wrongPayers.push(msisdn);
  }
  return {
    paidOnce: handsets - wrongPayers.length,
    wrongPayers,
    totalBefore: before,
    totalAfter: schemeMoney(accounts),
    imbalance: accounts.reduce((sum, a) => sum + a.creditsPosted - a.debitsPosted, 0n),
  };
}

async function drain(smsc: Smsc, maxMs: number): Promise<number> {
  const until = performance.now() + maxMs;
  while (smsc.queued > 0 && performance.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 5));
  return smsc.queued;
}

/**
 * Opens the server side for `handsets` handsets, the gateway answering at `serverNumber`; the SMS
 * centre holds twice the fleet's messages and retries a failed delivery after a second.
 */
export async function openFleetServer(
  handsets: number,
  serverNumber: string,
): Promise<FleetServer> {
  const dir = await mkdtemp(join(tmpdir(), 'simpay-fleet-'));
  const scheduler = new TimerScheduler();
  const maxQueued = 2 * handsets + 1000;
  const smsc = new Smsc(scheduler, createRandom(1), { maxQueued, retryIntervalMs: 1000 });
  const config = parseConfig({}, { SIMPAY_PIN_PEPPER: BENCH_PEPPER });
  const core = await openServerCore({
    config,
    db: `sqlite:${join(dir, 'ledger.db')}`,
    serverNumber,
    outbound: applicationOutbound(smsc, serverNumber),
  });
  const started = performance.now();
  await enrol(core, handsets);
  const setupSeconds = (performance.now() - started) / 1000;
  const before = schemeMoney(await core.service.ctx.ledger.allAccounts());
  const outcomes: Record<string, number> = {};
  let notices = 0;
  for (let m = 0; m < FLEET_MERCHANTS; m++) smsc.attach(merchantNumber(m), () => void notices++);
  smsc.attachApplication(serverNumber, async (from, tpdu) => {
    const result = await core.gateway.handleInboundSms(from, tpdu);
    outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
  });
  return {
    smsc,
    scheduler,
    core,
    serverNumber,
    setupSeconds,
    outcomes: () => ({ ...outcomes }),
    notices: () => notices,
    drain: (maxMs) => drain(smsc, maxMs),
    check: async () =>
      ledgerCheck(core, handsets, before, await core.service.ctx.ledger.allAccounts()),
    async close() {
      scheduler.cancelAll();
      await core.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
