import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { untilStopped } from '../../cli/server.ts';
import { runCli } from '../support/run-cli.ts';
import { PROCESS_TOKENS, startServerProcess } from '../server/support/server-process.ts';
import { RpcClient } from '../server/support/rpc-client.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'simpay-server-'));
  dirs.push(dir);
  return dir;
}

describe('simpay server', () => {
  it('waits for a stop signal, or for the database to stop taking writes', async () => {
    const never = new Promise<Error>(() => undefined);
    const stop = new AbortController();
    const waiting = untilStopped(stop.signal, never);
    stop.abort();
    await expect(waiting).resolves.toBeUndefined();
    const failure = new Error('cannot write the redo log');
    await expect(untilStopped(new AbortController().signal, Promise.resolve(failure))).resolves.toBe(failure); // prettier-ignore
    await expect(untilStopped(stop.signal, Promise.resolve(failure))).resolves.toBeUndefined();
  });

  it('prints help and refuses bad options with one line', async () => {
    const help = await runCli(['server', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: simpay server/);
    const bad = await runCli(['server', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port must be a whole number/);
    const noPepper = await runCli(['server', '--port', '0']);
    expect(noPepper.stderr).toMatch(/SIMPAY_PIN_PEPPER must be set/);
    process.env['SIMPAY_PIN_PEPPER'] = PROCESS_TOKENS.SIMPAY_PIN_PEPPER;
    try {
      const pg = await runCli(['server', '--db', 'postgres://127.0.0.1:1/x', '--port', '0']);
      expect(pg.code).toBe(1);
      expect(pg.stderr.trim().split('\n')).toHaveLength(1);
      expect(pg.stderr).toMatch(/cannot reach the database postgres:\/\/127\.0\.0\.1:1\/x/);
      const missing = await runCli([
        'server',
        '--db',
        'sqlite:/nonexistent/dir/x.db',
        '--port',
        '0',
      ]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/cannot open the database sqlite:\/nonexistent/);
    } finally {
      delete process.env['SIMPAY_PIN_PEPPER'];
    }
  });

  it('serves JSON-RPC on 127.0.0.1 and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const config = join(dir, 'simpay.yaml');
    writeFileSync(config, 'banks: [ci]\nholdDays: 10\n');
    const server = await startServerProcess([
      '--db',
      `sqlite:${join(dir, 'ledger.db')}`,
      '--config',
      config,
    ]);
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/rpc$/);
    const op = await RpcClient.connect(server.url, PROCESS_TOKENS.SIMPAY_OPERATOR_TOKEN);
    const joined = await op.ok('member.register', {
      msisdn: '4088675309',
      pin: '1234',
      bank: 'ci',
    });
    expect(joined['msisdn']).toBe('+14088675309');
    await op.close();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('stopped');
  });
});
