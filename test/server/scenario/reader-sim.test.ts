// Scenario handsets whose SIM is a card in a PC/SC reader, through the real stack: PcscCardLink <->
// pcscd <-> vsmartcard vpcd <-> the virtual SIM on the vpcd card side. One handset pays from SIM
// storage on the reader's card through the adaptor, another with a virtual SIM; the report names
// each SIM; the card's real-time answers leave the simulated clock as an in-process run has it;
// pcscd down, an unknown reader and an empty one are one line naming the handset; a card that stops
// answering mid-run fails its step. Pulling a reader's card is refused when the scenario is loaded.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../../server/scenario/scenario-format.ts';
import { HandsetSetupError } from '../../../server/scenario/scenario-handset.ts';
import { parseScenario } from '../../../server/scenario/scenario-loader.ts';
import type { ScenarioReport } from '../../../server/scenario/scenario-report-types.ts';
import { runScenario } from '../../../server/scenario/scenario-runner.ts';
import { ScenarioError } from '../../../server/scenario/yaml-reader.ts';
import { pcscdSkipReason } from '../../support/pcscd.ts';
import { VPCD_READER as READER, vpcdReader } from '../../support/vpcd-reader.ts';

const skip = pcscdSkipReason();
const FILE = fileURLToPath(new URL('../../../fixtures/scenarios/reader-sim.yaml', import.meta.url));
const TEXT = readFileSync(FILE, 'utf8');
const PAYER = '+14085550001';
/** SELECT (TS 102 221 §11.1.1), which storing an SMS on the SIM starts with. */
const INS_SELECT = 0xa4;
/** UPDATE RECORD (TS 102 221 §11.1.6) in hex: the SMS stored in EF_SMS, then marked as sent. */
const INS_UPDATE_RECORD = 'dc';

/** The fixture with its reader SIM in the reader `reader`, or `virtual`. */
const withSim = (sim: string): string =>
  TEXT.replace(`sim: { reader: "${READER}" }`, `sim: ${sim}`);
const scenarioOn = (sim: string) => parseScenario(withSim(sim), FILE);

describe('scenario with a reader SIM: loading', () => {
  it('refuses to pull out or put back the card in a reader, in one line', () => {
    const text = `${TEXT}  - pullSim: { handset: "${PAYER}" }\n`;
    const line = text.split('\n').length - 1;
    expect(() => parseScenario(text, FILE)).toThrow(ScenarioError);
    expect(() => parseScenario(text, FILE)).toThrow(
      `${FILE}:${line}: steps[2].pullSim.handset: the SIM of ${PAYER} is the card in the reader ` +
        `'${READER}', which a scenario cannot pull out or put back`,
    );
  });

  it('lets the virtual SIM of the same fixture be pulled out', () => {
    const text = `${TEXT}  - pullSim: { handset: "+14085550002" }\n`;
    expect(parseScenario(text, FILE).steps.at(-1)?.action).toEqual({
      kind: 'pullSim',
      handset: '+14085550002',
    });
  });
});

describe('scenario report: the SIM of each handset', () => {
  it('groups handsets by SIM, profile and adaptor, naming the first few', async () => {
    const report = await runScenario(scenarioOn('virtual'));
    const sim = (msisdn: string, adaptor: boolean) => ({
      msisdn,
      kind: 'virtual' as const,
      profile: profile0(),
      adaptor,
    });
    const lines = (r: ScenarioReport) => formatReport(r).split('\n').slice(3, 7);
    expect(lines(report)).toEqual([
      'SIM          profile        adaptor  handsets',
      '-----------  -------------  -------  --------------------------',
      'virtual SIM  test-sim.json  yes      +14085550001, +14085550002',
      '',
    ]);
    const numbers = ['+14085550001', '+14085550002', '+14085550003', '+14085550004'];
    const crowd = { ...report, sims: [...numbers.map((n) => sim(n, true)), sim(PAYER, false)] };
    expect(lines(crowd).slice(2, 4)).toEqual([
      'virtual SIM  test-sim.json  yes      +14085550001, +14085550002 and 2 more',
      `virtual SIM  test-sim.json  no       ${PAYER}`,
    ]);
  });
});

describe.skipIf(skip !== undefined)(
  `scenario with a reader SIM through pcscd and vpcd${skip ? ` (${skip})` : ''}`,
  () => {
    const reader = vpcdReader();
    const setupError = async (sim: string): Promise<string> => {
      const failed = await runScenario(scenarioOn(sim)).then(
        () => new Error('the run started'),
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(HandsetSetupError);
      return (failed as Error).message;
    };

    it('says in one line naming the handset that pcscd is down, the reader unknown or empty', async () => {
      await reader.pcscd.kill();
      const down = await setupError(`{ reader: "${READER}" }`);
      await reader.pcscd.restart();
      expect(down).toMatch(
        new RegExp(
          `^handset \\${PAYER}: SIM in reader '${READER}': PC/SC unavailable: start pcscd`,
        ),
      );
      expect(await setupError('{ reader: "Nope" }')).toBe(
        `handset ${PAYER}: SIM in reader 'Nope': no PC/SC reader named 'Nope' ` +
          `(readers present: 'Virtual PCD 00 00', 'Virtual PCD 00 01')`,
      );
      expect(await setupError(`{ reader: "${READER}" }`)).toBe(
        `handset ${PAYER}: SIM in reader '${READER}': no card in the reader '${READER}'`,
      );
    }, 60_000);

    it('pays through the card in the reader and with a virtual SIM, in simulated time', async () => {
      const card = reader.freshCard();
      await reader.insert(card);
      const report = await runScenario(scenarioOn(`{ reader: "${READER}" }`));
      expect(report.failed).toEqual([]);
      expect(report.passed).toBe(true);
      expect(report.money.holds).toBe(true);
      expect(report.sims).toEqual([
        { msisdn: PAYER, kind: 'reader', reader: READER, profile: profile0(), adaptor: true },
        { msisdn: '+14085550002', kind: 'virtual', profile: profile0(), adaptor: true },
      ]);
      expect(formatReport(report)).toMatch(
        new RegExp(`^card in reader '${READER}' +test-sim\\.json +yes +\\${PAYER}$`, 'm'),
      );
      const stored = card.log.filter((apdu) => apdu.startsWith(`00${INS_UPDATE_RECORD}`));
      expect(stored.map((apdu) => apdu.slice(-4))).toEqual(['9000', '9000']);
      const inProcess = await runScenario(scenarioOn('virtual'));
      expect(simulated(report)).toEqual(simulated(inProcess));
      expect(report.steps[0]!.simulatedMs).toBeGreaterThan(0);
      expect(report.balances).toEqual(inProcess.balances);
    }, 120_000);

    it('fails the step in which the card stops answering, and the run goes on without it', async () => {
      const card = reader.freshCard();
      await reader.insert(card);
      const stored = `  - send: { from: "${PAYER}", to: "+14085550002", amount: "1.00", via: storage }\n`;
      const report = await runScenario(parseScenario(`${TEXT}${stored}`, FILE), {
        onProgress: (p) => {
          if (p.step === 3) card.hangIns = INS_SELECT;
        },
      });
      expect(report.steps.map((s) => s.passed)).toEqual([true, true, false]);
      const lost = new RegExp(
        `^\\${PAYER}: the card in the reader '${READER}' failed: ADAPTOR_SIM_SILENT: `,
      );
      expect(report.steps[2]!.failures.filter((f) => lost.test(f))).toHaveLength(1);
      expect(report.money.holds).toBe(true);
      expect(report.balances.find((b) => b.msisdn === PAYER)?.available).toBe('90.00');
    }, 120_000);
  },
);

/** The profile both handsets name, as the loader resolved it. */
function profile0(): string {
  return parseScenario(TEXT, FILE).handsets[0]!.profile;
}

/** What a run did in simulated time, step by step. */
function simulated(report: ScenarioReport) {
  return {
    steps: report.steps.map((s) => ({ notes: s.notes, simulatedMs: s.simulatedMs })),
    simulatedMs: report.timings.simulatedMs,
    carrier: report.carrier,
  };
}
