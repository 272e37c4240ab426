// Handsets added to the demo: members with adaptors paying the next one in a ring, each ending
// where it started; nothing added when the scenario already has as many handsets.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withCrowd } from '../../../server/scenario/demo-crowd.ts';
import { loadScenario } from '../../../server/scenario/scenario-loader.ts';
import { runScenario } from '../../../server/scenario/scenario-runner.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const PROFILE = `${FIXTURES}sim-profiles/test-sim.json`;
const base = loadScenario(`${FIXTURES}scenarios/secured-sms-menu.yaml`);

describe('demo crowd', () => {
  it('adds members and handsets up to the total, paying in a ring that changes no balance', async () => {
    const crowd = withCrowd(base, 4, PROFILE);
    expect(crowd.handsets.map((h) => h.msisdn)).toEqual([
      '+14085550001',
      '+14085560001',
      '+14085560002',
      '+14085560003',
    ]);
    expect(crowd.members).toHaveLength(base.members.length + 3);
    expect(crowd.steps).toHaveLength(base.steps.length + 4);
    const report = await runScenario(crowd);
    expect(report.failed).toEqual([]);
    expect(report.balances.filter((b) => b.msisdn.startsWith('+1408556'))).toEqual(
      ['+14085560001', '+14085560002', '+14085560003'].map((msisdn, i) => ({
        msisdn,
        bank: i % 2 === 0 ? 'bank-a' : 'bank-b',
        available: '25.00',
        pendingIn: '0.00',
        pendingOut: '0.00',
      })),
    );
  });

  it('leaves a scenario with enough handsets alone and adds no payment for a single one', () => {
    expect(withCrowd(base, 1, PROFILE)).toBe(base);
    const one = withCrowd(base, 2, PROFILE);
    expect(one.handsets).toHaveLength(2);
    expect(one.steps).toHaveLength(base.steps.length + 1);
  });
});
