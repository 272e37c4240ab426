import { describe, expect, it } from 'vitest';
import { commonDigits } from '../../bench/dtmf.ts';
import { runCli } from '../support/run-cli.ts';

describe('simpay bench dtmf', () => {
  it.each([
    ['', '', 0],
    ['123', '123', 3],
    ['123', '13', 2],
    ['123', '1223', 3],
    ['1234', '4321', 1],
    ['ABCABBA', 'CBABAC', 4],
  ])('counts digits in common in order: %s vs %s', (a, b, expected) => {
    expect(commonDigits(a, b)).toBe(expected);
    expect(commonDigits(b, a)).toBe(expected);
  });

  it('reports speed and accuracy of both decoders on the same traffic', async () => {
    const run = await runCli(['bench', 'dtmf', '--minutes', '1', '--runs', '1', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      audio: { digits: number };
      simpay: { correct: number; missing: number; extra: number; bestSeconds: number };
      multimonNg: { correct: number; bestSeconds: number };
      speedRatio: number;
    };
    expect(report.audio.digits).toBeGreaterThan(400);
    expect(report.simpay).toMatchObject({ correct: report.audio.digits, missing: 0, extra: 0 });
    expect(report.multimonNg.correct).toBeGreaterThan(report.audio.digits * 0.95);
    expect(report.simpay.bestSeconds).toBeGreaterThan(0);
    expect(report.speedRatio).toBeGreaterThan(0);
  });

  it('rejects an unknown kind and bad options with one line', async () => {
    const unknown = await runCli(['bench', 'warp']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown kind 'warp': dtmf/);
    const bad = await runCli(['bench', 'dtmf', '--minutes', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--minutes must be between 1 and 600/);
  });
});
