import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../../server/scenario/scenario-loader.ts';
import { ScenarioError } from '../../../server/scenario/yaml-reader.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/scenarios/', import.meta.url));
const FILE = `${FIXTURES}bad.yaml`;

const MEMBER = `members:
  - msisdn: "+14085550001"
    bank: bank-a
    balance: "10.00"
    pin: "1234"
handsets:
  - msisdn: "+14085550001"
    profile: ../sim-profiles/test-sim.json
`;
const GOOD = `name: minimal
${MEMBER}steps:
  - wait: { for: 5s }
`;

/** A scenario with the member section and `steps` text appended. */
const withSteps = (steps: string) => `name: t\n${MEMBER}steps:\n${steps}`;

describe('scenario loader', () => {
  it('reads a minimal scenario into the typed model with defaults', () => {
    const s = parseScenario(GOOD, FILE);
    expect(s).toMatchObject({ name: 'minimal', seed: 1, serverNumber: '62729' });
    expect(s.members[0]).toEqual({
      msisdn: '+14085550001',
      bank: 'bank-a',
      balance: 1000n,
      pin: '1234',
      acceptMode: 'auto',
      plainSms: false,
    });
    expect(s.handsets[0]).toEqual({
      msisdn: '+14085550001',
      profile: `${FIXTURES.replace(/scenarios\/$/, '')}sim-profiles/test-sim.json`,
      adaptor: true,
      sim: { kind: 'virtual' },
    });
    expect(s.steps).toEqual([{ action: { kind: 'wait', ms: 5000 }, expect: {}, line: 11 }]);
  });

  it('reads steps, expectations, a reader SIM, channel and carrier settings', () => {
    const s = parseScenario(
      GOOD.replace(
        '    profile: ../sim-profiles/test-sim.json\n',
        '    profile: ../sim-profiles/test-sim.json\n    sim: { reader: "ACS ACR38U 00 00" }\n',
      ) +
        `  - send: { from: "+14085550001", to: "+14085550002", amount: "1.5", via: storage }
    expect:
      balances: { "+14085550001": "8.50" }
      replies: [{ to: "+14085550001", contains: "1.50" }]
      status: counter-low
      smsRefused: false
channel:
  uplink: { codec: alaw, snrDb: 20 }
carrier:
  faults: { drop: 0.5 }
  routes: [{ to: "62729", faults: { loss: 0.1 } }]
`,
      FILE,
    );
    expect(s.handsets[0]!.sim).toEqual({ kind: 'reader', reader: 'ACS ACR38U 00 00' });
    expect(s.steps[1]).toEqual({
      action: {
        kind: 'send',
        from: '+14085550001',
        to: '+14085550002',
        amount: 150n,
        via: 'storage',
      },
      expect: {
        balances: new Map([['+14085550001', 850n]]),
        replies: [{ to: '+14085550001', contains: '1.50' }],
        status: 'counter-low',
        smsRefused: false,
      },
      line: 13,
    });
    expect(s.channel).toEqual({ uplink: { codec: 'alaw', snrDb: 20 }, downlink: {} });
    expect(s.carrier).toEqual({
      faults: { drop: 0.5 },
      routes: [{ to: '62729', faults: { loss: 0.1 } }],
    });
  });

  it.each([
    [
      'syntax',
      'name: [unclosed\n',
      `${FILE}:2: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ],
    ['not a mapping', '- a\n- b\n', `${FILE}:1: : expected a mapping, got a list`],
    [
      'unknown top field',
      `${GOOD}colour: red\n`,
      `${FILE}:12: colour: unknown field (expected one of: name, seed, server, members, handsets, channel, carrier, steps)`,
    ],
    ['missing name', GOOD.replace('name: minimal\n', ''), `${FILE}:1: name: missing field`],
    ['missing steps', `name: t\n${MEMBER}`, `${FILE}:1: steps: missing field`],
    [
      'empty steps',
      `name: t\n${MEMBER}steps: []\n`,
      `${FILE}:10: steps: expected at least one step`,
    ],
    [
      'unquoted number',
      GOOD.replace('"+14085550001"', '+14085550001'),
      `${FILE}:3: members[0].msisdn: expected an E.164 number in quotes such as "+14085551234", got 14085550001`,
    ],
    [
      'float balance',
      GOOD.replace('"10.00"', '10.5'),
      `${FILE}:5: members[0].balance: expected an amount in quotes such as "12.50", got 10.5`,
    ],
    [
      'three decimals',
      GOOD.replace('"10.00"', '"10.001"'),
      `${FILE}:5: members[0].balance: expected an amount in quotes such as "12.50", got "10.001"`,
    ],
    [
      'empty pin',
      GOOD.replace('pin: "1234"', 'pin:'),
      `${FILE}:6: members[0].pin: expected a value, got nothing`,
    ],
    [
      'bad accept',
      GOOD.replace('pin: "1234"', 'pin: "1234"\n    accept: sometimes'),
      `${FILE}:7: members[0].accept: expected one of auto, manual, got "sometimes"`,
    ],
    [
      'missing profile file',
      GOOD.replace('test-sim.json', 'nope.json'),
      `${FILE}:9: handsets[0].profile: no such file ${FIXTURES.replace(/scenarios\/$/, '')}sim-profiles/nope.json`,
    ],
    [
      'duplicate handset',
      GOOD.replace(
        'steps:',
        '  - msisdn: "+14085550001"\n    profile: ../sim-profiles/sim-2g.json\nsteps:',
      ),
      `${FILE}:10: handsets[1].msisdn: duplicate handset +14085550001`,
    ],
    [
      'duplicate key',
      GOOD.replace('    bank: bank-a\n', '    bank: bank-a\n    bank: bank-b\n'),
      `${FILE}:5: YAML: Map keys must be unique`,
    ],
    [
      'no action',
      withSteps('  - expect: {}\n'),
      `${FILE}:11: steps[0]: expected one action (send, sms, pinCall, call, request, accept, invite, join, replay, pullSim, insertSim, wait)`,
    ],
    [
      'two actions',
      withSteps('  - wait: { for: 1s }\n    pullSim: { handset: "+14085550001" }\n'),
      `${FILE}:12: steps[0].pullSim: only one action per step (this step also has wait)`,
    ],
    [
      'unknown step field',
      withSteps(
        '  - send: { from: "+14085550001", to: "+14085550002", amount: "1.00", fee: "1" }\n',
      ),
      `${FILE}:11: steps[0].send.fee: unknown field (expected one of: from, to, amount, via)`,
    ],
    [
      'bad duration',
      withSteps('  - wait: { for: soon }\n'),
      `${FILE}:11: steps[0].wait.for: expected a duration such as "30s", "5m", "2h" or "31d", got "soon"`,
    ],
    [
      'call without mode',
      withSteps('  - call: { from: "+14085550001", to: "+14085550002", amount: "1.00" }\n'),
      `${FILE}:11: steps[0].call.mode: missing field`,
    ],
    [
      'bad status',
      withSteps('  - wait: { for: 1s }\n    expect: { status: fine }\n'),
      `${FILE}:12: steps[0].expect.status: expected one of ok, checksum-failed, counter-low, counter-high, counter-blocked, ciphering-error, unidentified-security-error, insufficient-memory, more-time, tar-unknown, insufficient-security-level, response-in-sms-submit, response-in-ussd, got "fine"`,
    ],
    [
      'actor without handset',
      withSteps('  - sms: { from: "+14085550009", text: "BAL" }\n'),
      `${FILE}:11: steps[0].sms.from: +14085550009 has no handset (handsets: +14085550001)`,
    ],
    [
      'balance of a non-member',
      withSteps('  - wait: { for: 1s }\n    expect:\n      balances: { "+14085550002": "1.00" }\n'),
      `${FILE}:13: steps[0].expect.balances.+14085550002: +14085550002 is not a member`,
    ],
    [
      'accept by a non-member',
      withSteps('  - accept: { by: "+14085550002" }\n'),
      `${FILE}:11: steps[0].accept.by: +14085550002 is not a member`,
    ],
    [
      'join of a member',
      withSteps('  - join: { msisdn: "+14085550001", bank: b, pin: "1111" }\n'),
      `${FILE}:11: steps[0].join.msisdn: +14085550001 is already a member`,
    ],
    [
      'probability out of range',
      `${GOOD}carrier:\n  faults: { drop: 1.5 }\n`,
      `${FILE}:13: carrier.faults.drop: expected a number within 0-1, got 1.5`,
    ],
    [
      'seed not an integer',
      `${GOOD}seed: 1.5\n`,
      `${FILE}:12: seed: expected an integer within 0-4294967295, got 1.5`,
    ],
  ])('refuses %s with one line', (_name, text, message) => {
    let caught: unknown;
    try {
      parseScenario(text, FILE);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect((caught as ScenarioError).message).toBe(message);
    expect((caught as ScenarioError).message).not.toContain('\n');
  });

  it('refuses a SIM that is neither virtual nor a reader', () => {
    const text = GOOD.replace('test-sim.json\n', 'test-sim.json\n    sim: 42\n');
    expect(() => parseScenario(text, FILE)).toThrow(
      `${FILE}:10: handsets[0].sim: expected virtual or { reader: NAME }, got 42`,
    );
  });

  it('refuses a duplicate member number at the second one', () => {
    const text = GOOD.replace(
      'handsets:',
      `  - msisdn: "+14085550001"\n    bank: b\n    balance: "0"\n    pin: "0000"\nhandsets:`,
    );
    expect(() => parseScenario(text, FILE)).toThrow(
      `${FILE}:7: members[1].msisdn: duplicate member +14085550001`,
    );
  });
});

describe('scenario fixtures', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));

  it('has the demo and one file per path of the demo', () => {
    expect(files.sort()).toEqual([
      'demo.yaml',
      'non-member-invite.yaml',
      'plain-sms-pin-callback.yaml',
      'reader-sim.yaml',
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

  it.each(files)('%s loads and validates', (file) => {
    const scenario = loadScenario(`${FIXTURES}${file}`);
    expect(scenario.steps.length).toBeGreaterThan(0);
    expect(scenario.members.length).toBeGreaterThan(0);
  });
});
