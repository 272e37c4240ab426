// Copies a database's WAL back into the database file on a worker thread, so that the event loop
// never waits for a checkpoint (tens of milliseconds with its two fsyncs, every few seconds under
// load). The server's connection turns automatic checkpoints off and asks for one after each
// SQLite commit; a PASSIVE checkpoint on this thread's own connection copies the frames of commits
// made so far, and the writer starts the WAL over at a later commit once all of them are copied
// (https://sqlite.org/wal.html#checkpointing). The worker is plain JavaScript evaluated as such,
// so it needs no TypeScript loader.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, log: Number(row.log), copied: Number(row.checkpointed) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message) });
  }
});
`;

/** Outcome of one checkpoint. */
export interface CheckpointResult {
  /** Frames in the WAL and frames now copied into the database (-1 when the WAL is not open). */
  readonly log: number;
  readonly copied: number;
}

/** A worker thread running checkpoints of one database file, one at a time. */
export class WalCheckpointer {
  private readonly worker: Worker;
  private busy = false;
  private again = false;
  private closed = false;
  private failure: string | undefined;

  constructor(
    file: string,
    private readonly onResult: (result: CheckpointResult | Error) => void = () => undefined,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    this.worker.unref();
    this.worker.on(
      'message',
      (m: { ok: boolean; log?: number; copied?: number; error?: string }) => {
        this.busy = false;
        if (m.ok) this.onResult({ log: m.log ?? 0, copied: m.copied ?? 0 });
        else this.onResult(new Error(`WAL checkpoint failed: ${(this.failure = m.error ?? '?')}`));
        if (this.again) this.request();
      },
    );
    this.worker.on('error', (error) => this.onResult(error));
  }

  /** Asks for a checkpoint; one asked for while one runs follows it. */
  request(): void {
    if (this.closed) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.again = false;
    this.busy = true;
    this.worker.postMessage('checkpoint');
  }

  /** Stops the worker after the checkpoint it is running, if any. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }
}
