// The scenario runner: the same seed gives the same run, simulated time lets held payments expire,
// plain text to the server is stopped by the adaptor, an action that cannot run fails its step
// with a reason, and the money check sees money that appears from nowhere.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSimTraceFile } from '../../../bridge/trace/pcap-writer.ts';
import type { ServerCore } from '../../../server/core.ts';
import { checkMoney } from '../../../server/scenario/ledger-check.ts';
import { loadScenario, parseScenario } from '../../../server/scenario/scenario-loader.ts';
import { runScenario } from '../../../server/scenario/scenario-runner.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/scenarios/', import.meta.url));
const FILE = `${FIXTURES}runner-test.yaml`;

const PEOPLE = `members:
  - { msisdn: "+14085550001", bank: bank-a, balance: "50.00", pin: "1234" }
  - { msisdn: "+14085550002", bank: bank-b, balance: "0.00", pin: "5678" }
handsets:
  - { msisdn: "+14085550001", profile: ../sim-profiles/test-sim.json }
`;

const run = (steps: string) =>
  runScenario(parseScenario(`name: t\n${PEOPLE}steps:\n${steps}`, FILE));

describe('scenario runner', () => {
  it('gives the same run for the same seed, carrier faults included', async () => {
    const file = `${FIXTURES}secured-sms-menu.yaml`;
    const strip = (r: Awaited<ReturnType<typeof runScenario>>) => ({
      steps: r.steps.map(({ wallMs: _w, ...s }) => s),
      carrier: r.carrier,
      simulatedMs: r.timings.simulatedMs,
      balances: r.balances,
    });
    const first = await runScenario(loadScenario(file));
    const second = await runScenario(loadScenario(file));
    expect(strip(second)).toEqual(strip(first));
    expect(first.timings.simulatedMs).toBeGreaterThan(0);
    expect(first.carrier).toMatchObject({ dropped: 1, duplicated: 2, held: 1 });
  });

  it('writes the same APDU trace for the same seed, stamped with simulated time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simpay-runner-'));
    try {
      const scenario = loadScenario(`${FIXTURES}secured-sms-menu.yaml`);
      const files = [join(dir, 'a.pcap'), join(dir, 'b.pcap')];
      for (const pcapFile of files) await runScenario(scenario, { pcapFile });
      const [a, b] = files.map((f) => readFileSync(f));
      expect(a!.equals(b!)).toBe(true);
      const trace = await readSimTraceFile(files[0]!);
      expect(trace.events.length).toBeGreaterThan(50);
      expect(trace.events[0]!.time).toBe(1_700_000_000_000_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns a payment held for a non-member to its payer once 31 simulated days pass', async () => {
    const report =
      await run(`  - invite: { from: "+14085550001", to: "+14085550009", amount: "8.00" }
    expect:
      balances: { "+14085550001": "42.00" }
  - wait: { for: 31d }
    expect:
      balances: { "+14085550001": "50.00" }
`);
    expect(report.failed).toEqual([]);
    expect(report.timings.simulatedMs).toBeGreaterThanOrEqual(31 * 86_400_000);
    expect(report.steps[1]?.notes).toContain('1 payment(s) expired');
    expect(report.money.holds).toBe(true);
  });

  it('counts a plain text to the server from a handset with an adaptor as refused', async () => {
    const report = await run(`  - sms: { from: "+14085550001", text: "PAY 5 4085550002 PIN 1234" }
    expect:
      smsRefused: true
      balances: { "+14085550001": "50.00", "+14085550002": "0.00" }
`);
    expect(report.failed).toEqual([]);
    expect(report.steps[0]?.notes.join('\n')).toContain('refusedBySim');
  });

  it('fails a step whose action cannot run, with the reason, and goes on', async () => {
    const report = await run(`  - pinCall: { to: "+14085550001", pin: "1234" }
  - send: { from: "+14085550001", to: "+14085550002", amount: "1.00" }
    expect:
      balances: { "+14085550002": "1.00" }
`);
    expect(report.passed).toBe(false);
    expect(report.failed).toEqual([
      `step 1 (${FILE}:8): the server did not ask to call +14085550001 back for a PIN`,
    ]);
    expect(report.steps[1]?.passed).toBe(true);
  });

  it('sees money created from nowhere in the money check', async () => {
    const account = (id: string, credits: bigint, debits: bigint) => ({
      id,
      creditsPosted: credits,
      debitsPosted: debits,
      creditsPending: 0n,
      debitsPending: 0n,
    });
    const core = (accounts: ReturnType<typeof account>[]) =>
      ({
        service: { ctx: { ledger: { allAccounts: async () => accounts } } },
      }) as unknown as ServerCore;
    const sound = [account('share:bank-a', 0n, 1000n), account('wallet:+1', 1000n, 0n)];
    expect(await checkMoney(core(sound), 1000n)).toMatchObject({ holds: true, owed: '10.00' });
    const minted = [...sound, account('wallet:+2', 500n, 0n)];
    expect(await checkMoney(core(minted), 1000n)).toMatchObject({
      holds: false,
      owed: '15.00',
      cash: '10.00',
      imbalance: '-5.00',
    });
  });
});
