// The scenario report's settlement section: the float dividend over the run's simulated period
// (from the run's start to its end on the simulated clock), in the JSON report and as text.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../server/scenario/scenario-loader.ts';
import { formatReport } from '../../../server/scenario/scenario-format.ts';
import { runScenario } from '../../../server/scenario/scenario-runner.ts';

const FILE = fileURLToPath(
  new URL('../../../fixtures/scenarios/report-test.yaml', import.meta.url),
);

const SCENARIO = `name: float
members:
  - { msisdn: "+14085550001", bank: bank-a, balance: "50.00", pin: "1234" }
  - { msisdn: "+14085550002", bank: bank-b, balance: "0.00", pin: "5678" }
steps:
  - wait: { for: 30d }
`;

describe('scenario settlement report', () => {
  it('gives the float dividend of the simulated period, in the JSON and the text report', async () => {
    const report = await runScenario(parseScenario(SCENARIO, FILE));
    expect(report.failed).toEqual([]);
    const { float, dividends } = report.settlement;
    expect(Number(float.to) - Number(float.from)).toBe(report.timings.simulatedMs);
    // 50.00 × 5 % (the example default) × 30/365 = 0.2054…, rounded down.
    expect(report.timings.simulatedMs).toBeLessThan(31 * 86_400_000);
    expect(dividends.map((d) => [d.bank, d.ownFloat, d.dividend])).toEqual([
      ['bank-a', '0.20', '0.20'],
      ['bank-b', '0.00', '0.00'],
    ]);
    expect(float).toMatchObject({ poolFloat: '0.20', systemRemainder: '0.00' });
    const text = formatReport(report);
    expect(text).toContain("Float dividend for the run's 30 d at 5% a year: pool float 0.20");
    expect(text).toMatch(/bank-a +50\.00 +50\.00 +0\.00 +0\.20 +0\.00 +0\.20\n/);
  });
});
