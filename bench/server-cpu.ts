// CPU time of a process (Linux /proc/PID/stat utime + stime, proc(5)), to state a benchmark's cost
// per payment independently of how busy the machine was.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU seconds used so far by process `pid`, or null where /proc is missing. */
export function cpuSeconds(pid: number): number | null {
  return statSeconds(`/proc/${pid}/stat`);
}

/** Time a thread spent on a CPU and runnable but waiting for one, in seconds. */
export interface ThreadTimes {
  readonly running: number;
  readonly waiting: number;
}

/**
 * Times of the main thread of process `pid` (its event loop in Node.js) so far, from the
 * scheduler's own nanosecond counters (/proc/PID/task/PID/schedstat), or null where they are missing.
 */
export function mainThreadTimes(pid: number): ThreadTimes | null {
  try {
    const [running, waiting] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8')
      .trim()
      .split(' ')
      .map(Number);
    if (!Number.isFinite(running) || !Number.isFinite(waiting)) return null;
    return { running: (running as number) / 1e9, waiting: (waiting as number) / 1e9 };
  } catch {
    return null;
  }
}

function statSeconds(path: string): number | null {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return null;
  }
}
