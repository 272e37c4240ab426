// The worker thread of redo-applier-thread.ts: a RedoApplier on the database file, driven by the
// server's messages. It answers `ready` (or `failed`) once it holds the file's write lock,
// `committed` after each commit, and `failed` with the reason when a record does not replay; after
// a failure it ignores everything but `close`. It runs at the lowest scheduling priority: replay
// can wait, the event loop cannot (on a two-core machine, replay at the same priority took CPU
// from the event loop and from the clients at full load).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { RedoApplier } from './redo-applier.ts';
import type { ApplierReply, ApplierRequest } from './redo-applier-thread.ts';

/** Nice value of this thread: it uses only the CPU that the event loop and the clients leave. */
const APPLIER_NICE = 19;

/**
 * Lowers this thread's scheduling priority (Linux: setpriority(2) on the thread's id, found in
 * /proc/thread-self). Elsewhere the thread keeps the process's priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, APPLIER_NICE);
  } catch {
    // No /proc (not Linux) or not permitted: the default priority is correct, only less kind.
  }
}

const port = parentPort;
if (!port) throw new Error('redo-applier-worker.ts runs as a worker thread');
const post = (reply: ApplierReply) => port.postMessage(reply);
let applier: RedoApplier | undefined;
let failed = false;

function fail(error: unknown): void {
  failed = true;
  post({ type: 'failed', message: (error as Error).message ?? String(error) });
}

lowerPriority();
try {
  applier = RedoApplier.open((workerData as { file: string }).file);
  post({ type: 'ready', applied: applier.applied });
} catch (error) {
  fail(error);
}

port.on('message', (request: ApplierRequest) => {
  if (request.type === 'close') {
    try {
      applier?.close();
    } catch (error) {
      fail(error);
    }
    port.close();
    return;
  }
  if (failed || !applier) return;
  try {
    if (request.type === 'records') applier.apply(request.bytes);
    else {
      post({ type: 'committed', upTo: applier.commit(request.atLeast) });
    }
  } catch (error) {
    fail(error);
  }
});
