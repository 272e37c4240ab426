import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../cli/commands.ts';
import { runCli } from '../support/run-cli.ts';

const bin = fileURLToPath(new URL('../../bin/simpay.js', import.meta.url));

describe('simpay command', () => {
  it('prints help listing every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const c of commands) expect(run.stdout).toContain(c.name);
  });

  it('prints help for every command', async () => {
    for (const c of commands) {
      const run = await runCli([c.name, '--help']);
      expect(run.code, c.name).toBe(0);
      expect(run.stdout, c.name).toMatch(/^Usage: simpay /);
    }
  });

  it('rejects an unknown command and an unknown option with one line', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const badOption = await runCli(['demo', '--frob']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/^simpay demo: .*--frob/);
    expect(badOption.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('runs as an executable and prints its version', () => {
    const out = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(out).toMatch(/^simpay \d+\.\d+\.\d+\n$/);
  });

  it('exits 2 with usage when given no command', () => {
    const run = spawnSync(process.execPath, [bin], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('Usage: simpay <command>');
  });
});

describe('simpay in a pipeline', () => {
  it('ends quietly when the reader closes the pipe early', () => {
    const run = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${bin}" --help | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stdout.trim()).toBe('0');
  });
});
