// `simpay server` and the SMS gateway's settings: the help names them; a short code that is not a
// number, a sendsms URL that is not HTTP and a missing sendsms password are refused with one line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { PROCESS_TOKENS } from '../server/support/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'simpay-server-sms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simpay server: SMS gateway settings', () => {
  it('names sms.number in its help and refuses bad SMS settings with one line', async () => {
    expect((await runCli(['server', '--help'])).stdout).toMatch(/sms\.number \(the short code/);
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'sms:\n  number: PAYME\n');
    process.env['SIMPAY_PIN_PEPPER'] = PROCESS_TOKENS.SIMPAY_PIN_PEPPER;
    try {
      const bad = await runCli(['server', '--config', config, '--port', '0']);
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(/configuration: sms\.number must be a short code/);
      writeFileSync(config, 'kannel:\n  sendsmsUrl: ftp://x\n');
      const url = await runCli(['server', '--config', config, '--port', '0']);
      expect(url.stderr).toMatch(/configuration: kannel\.sendsmsUrl must be an http:\/\/ URL/);
      writeFileSync(config, 'kannel:\n  sendsmsUrl: http://127.0.0.1:13013/cgi-bin/sendsms\n');
      const secret = await runCli(['server', '--config', config, '--port', '0']);
      expect(secret.code).toBe(1);
      expect(secret.stderr).toMatch(/kannel\.password \(or SIMPAY_KANNEL_PASSWORD\) must be set/);
    } finally {
      delete process.env['SIMPAY_PIN_PEPPER'];
    }
  });
});
