// The fleet benchmark's run: every handset pays once through its adaptor, each SMS reaching the
// sink opens with the server's keys at counter 1, APDUs are counted on both sides of the adaptor.
import { describe, expect, it } from 'vitest';
import { runFleet } from '../../bench/fleet-run.ts';
import { runCli } from '../support/run-cli.ts';

describe('fleet benchmark', () => {
  it('runs handsets that each send one secured SMS the server opens', async () => {
    const tally = await runFleet(4, 2);
    expect(tally).toMatchObject({ handsets: 4, succeeded: 4, sms: 4, verified: 4, peakLive: 2 });
    expect(tally.failures).toEqual([]);
    expect(tally.apdusHandset).toBeGreaterThan(4 * 20);
    expect(tally.apdusSim).toBeGreaterThan(4 * 10);
    expect(tally.apdusSim).toBeLessThan(tally.apdusHandset);
  });

  it('reports its figures from the command line and checks its options', async () => {
    const run = await runCli(['bench', 'fleet', '--handsets', '2', '--concurrency', '2']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout.trimEnd().split('\n').at(-1)!) as Record<string, number>;
    expect(report).toMatchObject({ handsets: 2, succeeded: 2, smsVerified: 2, workers: 1 });
    expect(report['handsetsPerSecond']).toBeGreaterThan(0);
    expect(report['apdusPerSecond']).toBeGreaterThan(0);
    const bad = await runCli(['bench', 'fleet', '--handsets', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--handsets must be between 1 and 1000000');
  });
});
