// Every scenario fixture, one per payment path of the demo, runs through the runner and passes.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../server/scenario/scenario-loader.ts';
import { runScenario } from '../../../server/scenario/scenario-runner.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/scenarios/', import.meta.url));
/** Runs through pcscd and the vpcd card side, in reader-sim.test.ts. */
const READER_SIM = 'reader-sim.yaml';
const PATHS = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml') && f !== 'demo.yaml' && f !== READER_SIM)
  .sort();

describe('scenario fixtures', () => {
  it('has one fixture per path of the demo', () => {
    expect(PATHS).toEqual([
      'non-member-invite.yaml',
      'plain-sms-pin-callback.yaml',
      'replayed-sms.yaml',
      'request-pay-manual-accept.yaml',
      'secured-sms-menu.yaml',
      'send-from-storage.yaml',
      'sim-pulled.yaml',
      'voice-adaptor.yaml',
      'voice-dtmf.yaml',
      'voice-fsk.yaml',
    ]);
  });

  it.each(PATHS)('%s passes every expectation with the money check', async (file) => {
    const report = await runScenario(loadScenario(`${FIXTURES}${file}`));
    expect(report.failed).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.money.holds).toBe(true);
    expect(report.settlement.balanced).toBe(true);
  });
});
