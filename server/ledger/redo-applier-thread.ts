// Runs a RedoApplier (redo-applier.ts) on its own worker thread and talks to it: records go over
// in order once they are on stable storage, commits are asked for and answered. The worker loads
// the TypeScript sources through tsx, as bin/simpay.js does.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RedoLogError } from './redo-recovery.ts';

/** What the server sends the worker. */
export type ApplierRequest =
  | { readonly type: 'records'; readonly bytes: Uint8Array }
  | { readonly type: 'commit'; readonly atLeast: bigint }
  | { readonly type: 'close' };

/** What the worker answers. */
export type ApplierReply =
  | { readonly type: 'ready'; readonly applied: bigint }
  | { readonly type: 'committed'; readonly upTo: bigint }
  | { readonly type: 'failed'; readonly message: string };

const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

function tsxApiUrl(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

/** The applier's worker thread for one database file. */
export class ApplierThread {
  private readonly worker: Worker;
  private readonly committing: {
    atLeast: bigint;
    resolve(upTo: bigint): void;
    reject(e: Error): void;
  }[] = [];
  private failure: RedoLogError | undefined;
  private exited = false;
  private closing = false;
  /** Number of the last record the file held when the worker took its write lock. */
  applied = 0n;

  private listener: ((error: RedoLogError) => void) | undefined;

  private constructor(
    file: string,
    private readonly onReady: () => void,
  ) {
    const entry = new URL('./redo-applier-worker.ts', import.meta.url).href;
    this.worker = new Worker(BOOT, { eval: true, workerData: { file, entry, tsx: tsxApiUrl() } });
    this.worker.on('message', (reply: ApplierReply) => this.answer(reply));
    this.worker.on('error', (error) =>
      this.fail(new RedoLogError(`redo applier: ${error.message}`)),
    );
    this.worker.on('exit', () => {
      this.exited = true;
      if (!this.closing) this.fail(new RedoLogError('the redo applier thread stopped'));
    });
  }

  /**
   * Starts the worker on `file`; resolves once the worker has its write lock ({@link applied} then
   * tells the last record the file holds), rejects with the reason it could not.
   */
  static start(file: string): Promise<ApplierThread> {
    return new Promise((resolve, reject) => {
      const thread: ApplierThread = new ApplierThread(file, () => {
        thread.listener = undefined;
        thread.worker.unref();
        resolve(thread);
      });
      thread.listener = (error) => void thread.close().then(() => reject(error));
    });
  }

  /** Tells `listener` of the first failure after the start (at once if there was one). */
  onFailure(listener: (error: RedoLogError) => void): void {
    if (this.failure) listener(this.failure);
    else this.listener = listener;
  }

  /**
   * Sends records (whole, in order) to be replayed. Bytes that fill their own ArrayBuffer are
   * moved to the worker instead of copied, and must not be read here afterwards.
   */
  send(bytes: Uint8Array): void {
    if (this.failure) return;
    const request = { type: 'records', bytes } satisfies ApplierRequest;
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    if (whole && bytes.buffer instanceof ArrayBuffer)
      this.worker.postMessage(request, [bytes.buffer]);
    else this.worker.postMessage(request);
  }

  /**
   * Resolves, with the number of the last record it holds, once the file's SQLite commit holds
   * every record sent so far (at least up to `atLeast`), on stable storage.
   */
  commit(atLeast: bigint): Promise<bigint> {
    if (this.failure) return Promise.reject(this.failure);
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.committing.push({ atLeast, resolve, reject });
      this.worker.postMessage({ type: 'commit', atLeast } satisfies ApplierRequest);
    });
  }

  /** Stops the worker (what it replayed after its last commit is still in the redo log). */
  async close(): Promise<void> {
    this.closing = true;
    if (this.exited) return;
    this.worker.ref();
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' } satisfies ApplierRequest);
    await exited;
  }

  private answer(reply: ApplierReply): void {
    if (reply.type === 'ready') {
      this.applied = reply.applied;
      this.onReady();
    } else if (reply.type === 'committed') {
      const next = this.committing.shift();
      if (next === undefined || reply.upTo < next.atLeast) {
        this.fail(new RedoLogError(`redo applier committed record ${reply.upTo} out of turn`));
        return;
      }
      if (this.committing.length === 0) this.worker.unref();
      next.resolve(reply.upTo);
    } else this.fail(new RedoLogError(reply.message));
  }

  private fail(error: RedoLogError): void {
    if (this.failure) return;
    this.failure = error;
    for (const c of this.committing.splice(0)) c.reject(error);
    this.listener?.(error);
  }
}
