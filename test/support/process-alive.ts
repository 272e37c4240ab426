// Whether a process still runs, for the test fixtures that keep a machine-wide service (pcscd, a
// PostgreSQL cluster) under an owner's pid file and take it over once that owner has died.

/** True when a signal can be sent to `pid` (signal 0 tests and sends nothing). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
