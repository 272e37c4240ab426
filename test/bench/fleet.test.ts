// The fleet benchmark end to end: handsets with adaptors and virtual SIMs pay through the simulated
// carrier to the real server core, each payment made once on the ledger and each secured reply
// verified by its adaptor, in this process and over handset processes attached by WebSocket.
import { afterEach, describe, expect, it } from 'vitest';
import { isAmount, isTarget } from '../../firmware-sim/adaptor/index.ts';
import { localCarrier } from '../../bench/fleet-carriers.ts';
import {
  adaptorKeys,
  FLEET_MERCHANTS,
  handsetNumber,
  merchantNumber,
  paymentOf,
  paymentPin,
} from '../../bench/fleet-identity.ts';
import { problems, type FleetResult } from '../../bench/fleet-report.ts';
import { loadFleetKit, runFleet } from '../../bench/fleet-run.ts';
import { openFleetServer, type FleetServer } from '../../bench/fleet-server.ts';
import { combine, shares } from '../../bench/fleet-workers.ts';
import { runCli } from '../support/run-cli.ts';

let server: FleetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fleet identities', () => {
  it('gives every handset its own number, PIN, keys and a payment a member can type', () => {
    const indexes = Array.from({ length: 300 }, (_, i) => i);
    expect(new Set(indexes.map(handsetNumber)).size).toBe(300);
    expect(new Set(indexes.map((i) => adaptorKeys(i).kic)).size).toBe(300);
    expect(handsetNumber(0)).toBe('+14082000000');
    expect(merchantNumber(3)).toBe('+16502000003');
    for (const i of indexes) {
      const { kic, kid } = adaptorKeys(i);
      expect(kic).toMatch(/^[0-9a-f]{32}$/);
      expect(kid).toMatch(/^[0-9a-f]{32}$/);
      expect(paymentPin(i)).toMatch(/^[0-9]{4}$/);
      const p = paymentOf(i);
      expect(isAmount(p.amount) && isTarget(p.typedPayee)).toBe(true);
      expect(p.payee).toBe(`+1${p.typedPayee}`);
      expect(p.payee).toBe(merchantNumber(i % FLEET_MERCHANTS));
    }
    expect(paymentPin(1)).not.toBe(paymentPin(2));
  });

  it('splits handsets into consecutive shares', () => {
    expect(shares(10, 3)).toEqual([
      { first: 0, count: 3 },
      { first: 3, count: 3 },
      { first: 6, count: 4 },
    ]);
    expect(shares(1, 2)).toEqual([{ first: 0, count: 1 }]);
  });
});

describe('fleet through the carrier to the server', () => {
  it('pays once per handset in this process and checks the ledger', async () => {
    const kit = await loadFleetKit();
    server = await openFleetServer(6, kit.factory.serverNumber);
    const carrier = localCarrier(server.smsc);
    const tally = await runFleet({
      first: 0,
      count: 6,
      concurrency: 3,
      carrier,
      replyTimeoutMs: 20_000,
    });
    expect(tally.failures).toEqual([]);
    expect(tally).toMatchObject({ handsets: 6, succeeded: 6, sms: 6, replies: 6, peakLive: 3 });
    expect(tally.apdusSim).toBeLessThan(tally.apdusHandset);
    expect(server.outcomes()).toEqual({ executed: 6 });
    expect(await server.drain(5000)).toBe(0);
    expect(server.notices()).toBe(6);
    const ledger = await server.check();
    expect(ledger).toMatchObject({ paidOnce: 6, wrongPayers: [], imbalance: 0n });
    expect(ledger.totalAfter).toBe(ledger.totalBefore);
  });

  it('finds the payer who has not paid when only some handsets ran', async () => {
    const kit = await loadFleetKit();
    server = await openFleetServer(3, kit.factory.serverNumber);
    const carrier = localCarrier(server.smsc);
    await runFleet({ first: 0, count: 2, concurrency: 2, carrier, replyTimeoutMs: 20_000 });
    const ledger = await server.check();
    expect(ledger.paidOnce).toBe(2);
    expect(ledger.wrongPayers).toEqual([handsetNumber(2)]);
    const result: FleetResult = {
      tally: combine([{ ...emptyTally, handsets: 3, succeeded: 3, replies: 2 }]),
      workers: 1,
      concurrency: 2,
      setupSeconds: 0,
      runSeconds: 1,
      serverCpuSeconds: 0,
      serverBusy: 0,
      serverRss: 0,
      outcomes: server.outcomes(),
      notices: server.notices(),
      leftInCarrier: 1,
      ledger,
    };
    expect(problems(result)).toEqual([
      '2 payments executed by the gateway, expected 3',
      "2 payers' wallets show exactly one payment, expected 3",
      '2 replies verified, expected 3',
      '1 messages still in the SMS centre after the run',
    ]);
  });

  it('counts a handset whose payment got no reply as failed', async () => {
    const kit = await loadFleetKit();
    server = await openFleetServer(1, kit.factory.serverNumber);
    const carrier = localCarrier(server.smsc);
    const tally = await runFleet({
      first: 0,
      count: 2,
      concurrency: 2,
      carrier,
      replyTimeoutMs: 300,
    });
    expect(tally).toMatchObject({ handsets: 2, succeeded: 1, sms: 2, replies: 1 });
    expect(tally.failures).toEqual(['handset 1: no reply within 300 ms']);
    expect(server.outcomes()).toEqual({ executed: 1, 'unknown-device': 1 });
  });

  it('runs 20 handsets over 2 processes from the command line with exact counts', async () => {
    const run = await runCli(['bench', 'fleet', '--handsets', '20', '--workers', '2', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      handsets: 20,
      succeeded: 20,
      workers: 2,
      smsSubmitted: 20,
      repliesVerified: 20,
      outcomes: { executed: 20 },
      leftInCarrier: 0,
      paidOnce: 20,
      ledgerTotalUnchanged: true,
      problems: [],
    });
    expect(report['apdusPerSecond']).toBeGreaterThan(0);
  }, 60_000);

  it('checks its options', async () => {
    const bad = await runCli(['bench', 'fleet', '--handsets', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--handsets must be between 1 and 1000000');
    const carrier = await runCli(['bench', 'fleet', '--carrier', 'http://x']);
    expect(carrier.code).toBe(2);
    expect(carrier.stderr).toContain("--carrier must be a ws:// address, got 'http://x'");
  });
});

const emptyTally = {
  handsets: 0,
  succeeded: 0,
  sms: 0,
  replies: 0,
  apdusHandset: 0,
  apdusSim: 0,
  seconds: 1,
  cpuSeconds: 0,
  peakLive: 0,
  peakHeapGrowth: 0,
  peakRssGrowth: 0,
  failures: [],
};
