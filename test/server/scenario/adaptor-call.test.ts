// The scenario's call from the adaptor's menu: the loader reads `via`, refuses FSK for the adaptor
// (SEND DTMF, TS 102 223 §6.4.24, has no other encoding), and the run pays through the voice switch
// once per call, with the result by SMS to payer and payee.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../server/scenario/scenario-loader.ts';
import { runScenario } from '../../../server/scenario/scenario-runner.ts';
import { ScenarioError } from '../../../server/scenario/yaml-reader.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/scenarios/', import.meta.url));
const FILE = `${FIXTURES}adaptor-call.yaml`;

const scenario = (call: string, adaptor = true) => `name: t
members:
  - { msisdn: "+14085550001", bank: bank-a, balance: "10.00", pin: "1234" }
  - { msisdn: "+14085550002", bank: bank-a, balance: "0.00", pin: "4321" }
handsets:
  - msisdn: "+14085550001"
    profile: ../sim-profiles/test-sim.json
    adaptor: ${adaptor}
steps:
  - call: { from: "+14085550001", to: "+14085550002", amount: "2.50", ${call} }
`;

describe('scenario call from the adaptor', () => {
  it('reads via: adaptor, and via: modem by default', () => {
    const adaptor = parseScenario(scenario('mode: dtmf, via: adaptor'), FILE);
    expect(adaptor.steps[0]?.action).toEqual({
      kind: 'call',
      from: '+14085550001',
      to: '+14085550002',
      amount: 250n,
      mode: 'dtmf',
      via: 'adaptor',
    });
    const modem = parseScenario(scenario('mode: fsk'), FILE);
    expect(modem.steps[0]?.action).toMatchObject({ mode: 'fsk', via: 'modem' });
  });

  it.each([
    ['mode: fsk, via: adaptor', 'steps[0].call.mode: the adaptor sends DTMF only'],
    ['mode: dtmf, via: phone', 'steps[0].call.via: expected one of modem, adaptor, got "phone"'],
  ])('refuses %s in one line', (call, message) => {
    expect(() => parseScenario(scenario(call), FILE)).toThrow(ScenarioError);
    expect(() => parseScenario(scenario(call), FILE)).toThrow(message);
  });

  it('pays once from the adaptor menu and tells both members by SMS', async () => {
    const report = await runScenario(parseScenario(scenario('mode: dtmf, via: adaptor'), FILE));
    expect(report.failed).toEqual([]);
    const balances = Object.fromEntries(report.balances.map((b) => [b.msisdn, b.available]));
    expect(balances).toMatchObject({ '+14085550001': '7.50', '+14085550002': '2.50' });
    const notes = report.steps[0]?.notes.join('\n') ?? '';
    expect(notes).toContain('request executed, duplicate answered from the stored reply');
    expect(notes).toContain('Paid USD 2.50 to +14085550002 by call');
    expect(report.money.holds).toBe(true);
  });

  it('fails the step in one line when the caller has no adaptor', async () => {
    const report = await runScenario(
      parseScenario(scenario('mode: dtmf, via: adaptor', false), FILE),
    );
    expect(report.passed).toBe(false);
    expect(report.failed.join('\n')).toContain('+14085550001 has no adaptor to call from');
  });
});
