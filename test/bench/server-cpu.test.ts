import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuSeconds, mainThreadTimes } from '../../bench/server-cpu.ts';

const burn = (ms: number) => {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
};

describe.runIf(existsSync(`/proc/${process.pid}/task/${process.pid}/schedstat`))(
  'server-cpu',
  () => {
    it('counts the main thread running while it computes', () => {
      const before = mainThreadTimes(process.pid);
      burn(60);
      const after = mainThreadTimes(process.pid);
      expect(before).not.toBeNull();
      expect(after).not.toBeNull();
      const ran = (after?.running ?? 0) - (before?.running ?? 0);
      expect(ran).toBeGreaterThan(0.03);
      expect(after?.waiting ?? 0).toBeGreaterThanOrEqual(before?.waiting ?? 0);
    });

    it('counts the whole process, at least its main thread', () => {
      const total0 = cpuSeconds(process.pid) ?? 0;
      burn(60);
      expect((cpuSeconds(process.pid) ?? 0) - total0).toBeGreaterThan(0.02);
    });

    it('is null for a process that does not exist', () => {
      expect(mainThreadTimes(2 ** 22 + 1)).toBeNull();
      expect(cpuSeconds(2 ** 22 + 1)).toBeNull();
    });
  },
);
