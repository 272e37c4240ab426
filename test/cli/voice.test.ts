import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../modem/framing/frame.ts';
import { writeWav } from '../../modem/io/wav.ts';
import { encodeRepeats } from '../../modem/voice/dtmf-modem.ts';
import { runCli } from '../support/run-cli.ts';

const hasMultimon = ((): boolean => {
  try {
    execFileSync('multimon-ng', ['-h'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'ENOENT';
  }
})();
const dir = mkdtempSync(join(tmpdir(), 'simpay-voice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const request = JSON.stringify({
  command: 'payRequest',
  params: {
    sourceAccountNumber: '123456789',
    targetAccountNumber: '987654321',
    amount: 2500,
    pin: 'AB1',
  },
});

describe('simpay voice', () => {
  it('prints help starting with the usage line', async () => {
    const run = await runCli(['voice', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('Usage: simpay voice')).toBe(true);
  });

  it.each(['dtmf', 'fsk'])('encodes a payRequest as %s audio and decodes it back', async (mode) => {
    const file = join(dir, `${mode}.wav`);
    expect(
      await runCli(['voice', 'encode', '--request', request, '--out', file, '--mode', mode]),
    ).toMatchObject({ code: 0 });
    const text = await runCli(['voice', 'decode', file]);
    expect(text.stdout).toBe(
      `payRequest sourceAccountNumber=123456789 targetAccountNumber=987654321 amount=2500 pin=AB1 (${mode}, seq 0)\n`,
    );
    const json = await runCli(['voice', 'decode', file, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      mode,
      seq: 0,
      keypad: '10*01123456789*02987654321*032500*04212201#',
      commandId: 10,
      params: { amount: 2500 },
    });
  });

  it('passes a recording through the channel model, and the request still decodes on a fair line', async () => {
    const clean = join(dir, 'clean.wav');
    const line = join(dir, 'line.wav');
    await runCli(['voice', 'encode', '--request', request, '--out', clean, '--mode', 'fsk']);
    const args = [
      'voice',
      'channel',
      clean,
      '--out',
      line,
      '--codec',
      'mulaw',
      '--snr-db',
      '30',
      '--seed',
      '3',
    ];
    expect(await runCli(args)).toMatchObject({ code: 0 });
    expect((await runCli(['voice', 'decode', line])).stdout).toContain('amount=2500');
  });

  it.each([
    [['voice'], 2, 'a subcommand is required'],
    [['voice', 'play'], 2, "unknown subcommand 'play'"],
    [['voice', 'encode', '--out', 'x.wav'], 2, '--request JSON is required'],
    [['voice', 'encode', '--request', '{', '--out', 'x.wav'], 2, 'not valid JSON'],
    [
      ['voice', 'encode', '--request', request, '--out', 'x.wav', '--mode', 'v34'],
      2,
      '--mode must be dtmf or fsk',
    ],
    [
      ['voice', 'encode', '--request', '{"command":"nope"}', '--out', 'x.wav'],
      1,
      'no command named nope',
    ],
    [['voice', 'decode'], 2, 'FILE.wav is required'],
    [['voice', 'decode', join(dir, 'missing.wav')], 1, 'cannot read'],
    [['voice', 'channel', 'in.wav', '--out', 'o.wav', '--codec', 'gsm'], 2, '--codec must be'],
  ])('%j fails with exit %i and one line', async (argv, code, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says so when a file holds no request', async () => {
    const silent = join(dir, 'silent.wav');
    writeFileSync(silent, await writeWav({ samples: new Float32Array(8000), sampleRate: 8000 }));
    const run = await runCli(['voice', 'decode', silent]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no valid request frame');
  });

  it.skipIf(!hasMultimon)('writes DTMF that multimon-ng decodes to the frame keys', async () => {
    const file = join(dir, 'interop.wav');
    const balance = '{"command":"balance","params":{"accountNumber":"12345"}}';
    await runCli(['voice', 'encode', '--request', balance, '--out', file]);
    const decoded = execFileSync('multimon-ng', ['-q', '-c', '-a', 'DTMF', '-t', 'wav', file], {
      encoding: 'utf8',
    });
    const keys = decoded
      .split('\n')
      .filter((l) => l.startsWith('DTMF: '))
      .map((l) => l.slice(6))
      .join('');
    const frame = encodeFrame({ kind: 'data', seq: 0, payload: '20*0112345' });
    expect(keys).toBe(encodeRepeats(frame));
  });

  it.each(['balance-dtmf', 'payrequest-fsk'])(
    'decodes fixtures/voice/%s.wav to its expected JSON, and re-encodes it identically',
    async (name) => {
      const fixture = (ext: string) =>
        new URL(`../../fixtures/voice/${name}${ext}`, import.meta.url);
      const expected = JSON.parse(readFileSync(fixture('.expected.json'), 'utf8')) as {
        mode: string;
        params: unknown;
        command: string;
      };
      const run = await runCli(['voice', 'decode', fileURLToPath(fixture('.wav')), '--json']);
      expect(JSON.parse(run.stdout)).toEqual(expected);
      const again = join(dir, `${name}.wav`);
      const request = JSON.stringify({ command: expected.command, params: expected.params });
      await runCli([
        'voice',
        'encode',
        '--request',
        request,
        '--out',
        again,
        '--mode',
        expected.mode,
      ]);
      expect(readFileSync(again).equals(readFileSync(fixture('.wav')))).toBe(true);
    },
  );
});
