import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDtmf } from '../../modem/dtmf/tone-generator.ts';
import { encodePcm16le } from '../../modem/io/pcm.ts';
import { runCli } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'simpay-dtmf-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bin = fileURLToPath(new URL('../../bin/simpay.js', import.meta.url));

describe('simpay dtmf', () => {
  it('encodes digits to a WAV file and decodes them back', async () => {
    const file = join(dir, 'call.wav');
    const encoded = await runCli(['dtmf', 'encode', '--digits', '*0123456789ABCD#', '--out', file]);
    expect(encoded).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(file).subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(await runCli(['dtmf', 'decode', file])).toEqual({
      code: 0,
      stdout: '*0123456789ABCD#\n',
      stderr: '',
    });
  });

  it('honours rate, timing and level, and reports sample positions with --json', async () => {
    const file = join(dir, 'fast.wav');
    const args = ['--digits', '159', '--out', file, '--rate', '16000', '--tone-ms', '40'];
    const encoded = await runCli(['dtmf', 'encode', ...args, '--gap-ms', '60', '--level-dbm0=-30']);
    expect(encoded.code).toBe(0);
    expect(readFileSync(file).length).toBe(44 + 3 * 1600 * 2);
    const run = await runCli(['dtmf', 'decode', file, '--json']);
    const report = JSON.parse(run.stdout) as {
      sampleRate: number;
      digits: string;
      events: { digit: string; startSample: number; endSample: number }[];
    };
    expect(report.sampleRate).toBe(16000);
    expect(report.digits).toBe('159');
    report.events.forEach((e, i) => {
      expect(Math.abs(e.startSample - i * 1600)).toBeLessThanOrEqual(204);
      expect(Math.abs(e.endSample - (i * 1600 + 640))).toBeLessThanOrEqual(204);
    });
  });

  it('decodes raw 16-bit PCM from standard input with --rate', async () => {
    const pcm = encodePcm16le(
      generateDtmf('42#', { sampleRate: 8000, toneMs: 50, gapMs: 50, levelDbm0: -10 }),
    );
    expect((await runCli(['dtmf', 'decode', '-', '--rate', '8000'], pcm)).stdout).toBe('42#\n');
  });

  it('writes raw PCM to standard output with --out - (pipe into decode)', () => {
    const encode = spawnSync(process.execPath, [
      bin,
      'dtmf',
      'encode',
      '--digits',
      '7A',
      '--out',
      '-',
    ]);
    expect(encode.status).toBe(0);
    expect(encode.stdout.length).toBe(2 * 800 * 2);
    const decode = spawnSync(process.execPath, [bin, 'dtmf', 'decode', '-', '--rate', '8000'], {
      input: encode.stdout,
      encoding: 'utf8',
    });
    expect(decode.stdout).toBe('7A\n');
  });

  it.each([
    [['encode', '--digits', '12E', '--out', 'x.wav'], 2, /'E' is not a DTMF key/],
    [['encode', '--digits', '12'], 2, /--out/],
    [['encode', '--digits', '1', '--out', 'x.wav', '--rate', '100'], 2, /--rate must be between/],
    [
      ['encode', '--digits', '1', '--out', 'x.wav', '--tone-ms', 'fast'],
      2,
      /--tone-ms must be a number/,
    ],
    [['decode', '-'], 2, /needs --rate/],
    [['decode', join(dir, 'missing.wav')], 1, /cannot read .*missing\.wav: ENOENT/],
    [['decode'], 2, /give one FILE/],
    [['transcode'], 2, /unknown action 'transcode'/],
  ])('rejects %j with one line', async (args, code, message) => {
    const run = await runCli(['dtmf', ...args]);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a stereo WAV and odd-length raw input with one line', async () => {
    const stereo = join(dir, 'stereo.wav');
    const header = new DataView(new ArrayBuffer(44));
    [0x52494646, 0, 0x57415645, 0x666d7420].forEach((v, i) => header.setUint32(4 * i, v));
    header.setUint32(16, 16, true);
    header.setUint16(20, 1, true);
    header.setUint16(22, 2, true);
    header.setUint32(24, 8000, true);
    header.setUint16(34, 16, true);
    header.setUint32(36, 0x64617461);
    writeFileSync(stereo, new Uint8Array(header.buffer));
    const run = await runCli(['dtmf', 'decode', stereo]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^simpay dtmf: WAV_CHANNELS .*2 channels; need mono\n$/);
    const odd = await runCli(['dtmf', 'decode', '-', '--rate', '8000'], new Uint8Array(3));
    expect(odd.code).toBe(1);
    expect(odd.stderr).toMatch(/PCM_ODD_LENGTH/);
  });
});
