// `simpay scenario`: a fixture runs and passes, a broken expectation exits 1 naming the step, the
// file and line and what was found, the report parses as JSON, and bad input is one line.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { progressWriter } from '../../cli/scenario.ts';
import { runCli } from '../support/run-cli.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'simpay-scenario-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A one-payment scenario whose expected balance is `expected`. */
function scenarioFile(expected: string): string {
  const file = join(dir, `pay-${expected}.yaml`);
  writeFileSync(
    file,
    `name: one payment
members:
  - { msisdn: "+14085550001", bank: bank-a, balance: "100.00", pin: "1234" }
  - { msisdn: "+14085550002", bank: bank-b, balance: "0.00", pin: "5678" }
handsets:
  - msisdn: "+14085550001"
    profile: ${FIXTURES}sim-profiles/test-sim.json
steps:
  - send: { from: "+14085550001", to: "+14085550002", amount: "12.50" }
    expect:
      balances: { "+14085550001": "${expected}" }
`,
  );
  return file;
}

describe('simpay scenario', () => {
  it('runs a scenario whose expectations hold: exit 0 and the report', async () => {
    const run = await runCli(['scenario', scenarioFile('87.50')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Scenario: one payment');
    expect(run.stdout).toMatch(/\+14085550001\s+bank-a\s+87\.50/);
    expect(run.stdout).toContain('Money check: no money created or lost');
    expect(run.stdout.trimEnd().endsWith('PASSED')).toBe(true);
    expect(run.stderr).toContain('step 1/1: +14085550001 pays 12.50 to +14085550002');
  });

  it('exits 1 naming the failed expectation with its file and line', async () => {
    const file = scenarioFile('80.00');
    const run = await runCli(['scenario', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `step 1 (${file}:9): balance of +14085550001 is 87.50, expected 80.00`,
    );
    expect(run.stdout).toContain('FAILED (1)');
  });

  it('prints the report as JSON with --json', async () => {
    const run = await runCli(['scenario', scenarioFile('87.50'), '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      passed: boolean;
      steps: { passed: boolean; line: number }[];
      money: { holds: boolean; opening: string };
      balances: { msisdn: string; available: string }[];
    };
    expect(report.passed).toBe(true);
    expect(report.steps).toMatchObject([{ passed: true, line: 9 }]);
    expect(report.money).toMatchObject({ holds: true, opening: '100.00' });
    expect(report.balances).toContainEqual(
      expect.objectContaining({ msisdn: '+14085550002', available: '12.50' }),
    );
  });

  it('refuses bad input in one line', async () => {
    expect((await runCli(['scenario'])).code).toBe(2);
    const missing = await runCli(['scenario', join(dir, 'none.yaml')]);
    expect(missing).toMatchObject({
      code: 1,
      stderr: `simpay scenario: ${join(dir, 'none.yaml')}: no such file\n`,
    });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\nsteps:\n  - wait: { for: soon }\n');
    const refused = await runCli(['scenario', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n')).toHaveLength(2);
    expect(refused.stderr).toContain(`${bad}:`);
  });

  it('keeps the ledger in --db FILE and refuses a file that already holds one', async () => {
    const db = join(dir, 'ledger.db');
    expect((await runCli(['scenario', scenarioFile('87.50'), '--db', db])).code).toBe(0);
    expect(existsSync(db)).toBe(true);
    const again = await runCli(['scenario', scenarioFile('87.50'), '--db', `sqlite:${db}`]);
    expect(again).toMatchObject({
      code: 1,
      stderr: `simpay scenario: --db ${db} already holds data; a run starts from an empty ledger\n`,
    });
  });

  it('shows progress as a bar on a terminal and as one line per step otherwise', () => {
    let tty = '';
    let plain = '';
    const io = (sink: (t: string) => void) => ({
      stdout: () => undefined,
      stderr: sink,
      readStdin: async () => new Uint8Array(0),
      signal: new AbortController().signal,
    });
    const bar = progressWriter(
      io((t) => void (tty += t)),
      true,
    );
    const lines = progressWriter(
      io((t) => void (plain += t)),
      false,
    );
    for (const step of [1, 2]) {
      bar({ step, of: 2, what: `step ${step}` });
      lines({ step, of: 2, what: `step ${step}` });
    }
    expect(plain).toBe('step 1/2: step 1\nstep 2/2: step 2\n');
    expect(tty).toBe(
      `\r\x1b[K[${'.'.repeat(20)}] 1/2 step 1\r\x1b[K[${'#'.repeat(10)}${'.'.repeat(10)}] 2/2 step 2\n`,
    );
  });

  it('says in one line naming the handset that its PC/SC reader cannot be reached', async () => {
    const file = join(dir, 'reader.yaml');
    writeFileSync(
      file,
      `name: reader
members:
  - { msisdn: "+14085550001", bank: bank-a, balance: "1.00", pin: "1234" }
handsets:
  - msisdn: "+14085550001"
    profile: ${FIXTURES}sim-profiles/test-sim.json
    sim: { reader: "ACS ACR 38U-CCID 00 00" }
steps:
  - wait: { for: 1s }
`,
    );
    const run = await runCli(['scenario', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^simpay scenario: handset \+14085550001: SIM in reader 'ACS ACR 38U-CCID 00 00': (PC\/SC unavailable: start pcscd|no PC\/SC reader named 'ACS ACR 38U-CCID 00 00')[^\n]*\n$/,
    );
  });

  it('has help that starts with the usage line', async () => {
    const run = await runCli(['scenario', '--help']);
    expect(run.stdout.startsWith('Usage: simpay scenario')).toBe(true);
  });
});
