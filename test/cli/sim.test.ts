// `simpay sim serve`: argument checks, and the command as a child process serving the virtual SIM
// through pcscd + vpcd: scriptor reaches it, it reconnects after pcscd restarts, SIGTERM stops it
// and --save writes the card's state (a PIN retry counter) back to the profile.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../bridge/profile-store/profile-store.ts';
import { runCli } from '../support/run-cli.ts';
import { pcscdSkipReason, startPcscd, waitForCard, type Pcscd } from '../support/pcscd.ts';

const fixture = new URL('../../fixtures/sim-profiles/test-sim.json', import.meta.url).pathname;
const bin = new URL('../../bin/simpay.js', import.meta.url).pathname;
const READER = 'Virtual PCD 00 00';

describe('simpay sim (arguments)', () => {
  it('prints help and refuses bad arguments with one line', async () => {
    const help = await runCli(['sim', '--help']);
    expect(help.stdout).toMatch(/^Usage: simpay sim serve/);
    const cases: [string[], RegExp, number][] = [
      [['sim'], /expected 'serve'/, 2],
      [['sim', 'serve'], /--profile FILE is required/, 2],
      [
        ['sim', 'serve', '--profile', fixture, '--vpcd', 'localhost'],
        /--vpcd must be HOST:PORT/,
        2,
      ],
      [['sim', 'serve', '--profile', fixture, '--vpcd', 'h:70000'], /port 1-65535/, 2],
      [['sim', 'serve', '--profile', '/nonexistent/p.json'], /no such file/, 1],
    ];
    for (const [argv, message, code] of cases) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

/** Resolves when `child`'s output (stdout+stderr) has matched `pattern` `times` times. */
function outputMatches(child: ChildProcess, pattern: RegExp, times = 1): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${text}`)), 15_000);
    const check = (d: Buffer): void => {
      text += d.toString();
      if ((text.match(new RegExp(pattern, 'g')) ?? []).length >= times) {
        clearTimeout(timer);
        resolve(text);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
  });
}

function scriptor(script: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('timeout', ['-s', 'KILL', '10', 'scriptor', '-r', READER]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(script);
    child.on('exit', () => resolve(out));
  });
}

const skip = pcscdSkipReason();
describe.skipIf(skip !== undefined)(
  `simpay sim serve through pcscd${skip ? ` (${skip})` : ''}`,
  () => {
    let pcscd: Pcscd;
    let dir: string;
    beforeAll(async () => {
      pcscd = await startPcscd();
      dir = mkdtempSync(join(tmpdir(), 'simpay-sim-'));
    }, 250_000);
    afterAll(async () => {
      await pcscd?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('serves the card, survives a pcscd restart, and saves the state on SIGTERM', async () => {
      const profile = join(dir, 'sim.json');
      copyFileSync(fixture, profile);
      const child = spawn(process.execPath, [bin, 'sim', 'serve', '--profile', profile, '--save'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      try {
        await outputMatches(child, /card inserted/);
        await waitForCard(READER, true);
        const wrongPin = await scriptor('00a40004023f00\n0020000108393939ffffffffff\n');
        expect(wrongPin.toLowerCase()).toContain('< 63 c2');
        const reconnected = outputMatches(child, /card inserted/);
        await pcscd.restart();
        await reconnected;
        await waitForCard(READER, true);
        const readBack = await scriptor('00a40004022fe2\n00b000000a\n');
        expect(readBack.toLowerCase()).toContain('< 98 00 01 01 00 00 00 00 00 43 90 00');
        const stopped = outputMatches(child, /stopped/);
        child.kill('SIGTERM');
        const out = await stopped;
        expect(await exited).toBe(0);
        expect(out).toContain(`saved ${profile}`);
        expect((await loadProfile(profile)).pin1.retriesLeft).toBe(2);
      } finally {
        child.kill('SIGKILL');
      }
    });
  },
);
