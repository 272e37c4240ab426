// Expectations read from the world after a step: the TS 102 225 status of the gateway's refusal
// (read off the response packet it sends back), and the texts that reached a number.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import { newDevice } from '../../../server/gateway/device-setup.ts';
import { checkExpectation, markWorld } from '../../../server/scenario/expectations.ts';
import { parseScenario } from '../../../server/scenario/scenario-loader.ts';
import { ScenarioWorld } from '../../../server/scenario/scenario-world.ts';
import { runAction } from '../../../server/scenario/step-actions.ts';

const FILE = fileURLToPath(
  new URL('../../../fixtures/scenarios/expect-test.yaml', import.meta.url),
);
const ALICE = '+14085550001';
const scenario = parseScenario(
  `name: t
members:
  - { msisdn: "${ALICE}", bank: bank-a, balance: "50.00", pin: "1234" }
  - { msisdn: "+14085550002", bank: bank-b, balance: "0.00", pin: "5678" }
handsets:
  - { msisdn: "${ALICE}", profile: ../sim-profiles/test-sim.json }
steps:
  - send: { from: "${ALICE}", to: "+14085550002", amount: "5.00" }
`,
  FILE,
);
const pins = new Map([[ALICE, '1234']]);
let world: ScenarioWorld | undefined;
afterEach(async () => world?.close());

describe('step expectations', () => {
  it('reads the status of a refusal: a packet checksummed under another KID key fails its checksum', async () => {
    world = await ScenarioWorld.open(scenario, { db: 'sqlite::memory:' });
    const installed = (await world.core.gateway.registry.get(ALICE))!;
    const kicKey = toHex(installed.kicKey);
    const kidKey = '00112233445566778899aabbccddeeff';
    await world.core.gateway.registry.put(newDevice({ msisdn: ALICE, kicKey, kidKey }, 0));
    const marks = markWorld(world);
    const result = await runAction(world, scenario.steps[0]!.action, pins);
    await world.settle();
    const facts = { marks, actor: ALICE, smsRefused: result.smsRefused };
    expect(await checkExpectation(world, { status: 'checksum-failed' }, facts)).toEqual([]);
    expect(await checkExpectation(world, { status: 'ok' }, facts)).toEqual([
      'secured reply status is checksum-failed, expected ok',
    ]);
    const balances = new Map([[ALICE, 5000n]]);
    expect(await checkExpectation(world, { balances, smsRefused: false }, facts)).toEqual([]);
  });

  it('names what did reach a number when the expected text did not', async () => {
    world = await ScenarioWorld.open(scenario, { db: 'sqlite::memory:' });
    const marks = markWorld(world);
    await runAction(world, scenario.steps[0]!.action, pins);
    await world.settle();
    const facts = { marks, actor: ALICE, smsRefused: false };
    const replies = [{ to: ALICE, contains: '7.00' }];
    expect(await checkExpectation(world, { replies }, facts)).toEqual([
      `no SMS to ${ALICE} contains "7.00" (received: "Paid USD 5.00 to +14085550002. Balance 45.00")`,
    ]);
    const nothing = [{ to: '+14085550002', contains: '5.00' }];
    expect(await checkExpectation(world, { replies: nothing }, facts)).toEqual([]);
  });
});
