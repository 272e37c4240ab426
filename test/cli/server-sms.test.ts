// `simpay server` and the SMS gateway's settings: the help names them, a short code that is not a
// number is refused with one line naming it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { PROCESS_TOKENS } from '../server/support/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'simpay-server-sms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simpay server: SMS gateway settings', () => {
  it('names sms.number in its help and refuses a short code that is not a number', async () => {
    expect((await runCli(['server', '--help'])).stdout).toMatch(/sms\.number \(the short code/);
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'sms:\n  number: PAYME\n');
    process.env['SIMPAY_PIN_PEPPER'] = PROCESS_TOKENS.SIMPAY_PIN_PEPPER;
    try {
      const bad = await runCli(['server', '--config', config, '--port', '0']);
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(/configuration: sms\.number must be a short code/);
    } finally {
      delete process.env['SIMPAY_PIN_PEPPER'];
    }
  });
});
