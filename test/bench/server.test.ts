// The server benchmark end to end on a small load: a child `simpay server` on a new SQLite file,
// every payment acknowledged at full load and at a fixed rate, and the server's CPU split into its
// event loop's share (running, waiting for a CPU) where the platform has the counters.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const SCHEDSTAT = existsSync(`/proc/${process.pid}/task/${process.pid}/schedstat`);

describe('bench server', () => {
  it('acknowledges every payment and reports latency, CPU and the event loop', async () => {
    const argv = ['bench', 'server', '--payments', '300', '--rate', '300', '--pg-seconds', '0'];
    const run = await runCli([...argv, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, Record<string, number | null> | null>;
    const max = report['max'] as Record<string, number>;
    const fixed = report['fixed'] as Record<string, number>;
    expect(max['acknowledged']).toBe(300);
    expect(fixed['acknowledged']).toBe(300);
    expect(max['perSecond']).toBeGreaterThan(0);
    expect(max['p99Ms']).toBeGreaterThanOrEqual(max['p50Ms'] as number);
    expect(report['pgbenchTps']).toBeNull();
    if (SCHEDSTAT) {
      expect(max['eventLoopUsPerPayment']).toBeGreaterThan(0);
      expect(max['eventLoopBusy']).toBeGreaterThan(0);
      expect(max['eventLoopBusy']).toBeLessThanOrEqual(1.2);
      expect(max['eventLoopWaitingForCpu']).toBeGreaterThanOrEqual(0);
    }
  }, 60_000);

  it('refuses a database URL it cannot use, in one line', async () => {
    const run = await runCli(['bench', 'server', '--db', 'mysql://x']);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain("--db must be sqlite:FILE or postgres://…, got 'mysql://x'");
  });
});
