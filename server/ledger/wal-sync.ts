// Durable commits without blocking the event loop: transfer batches commit to SQLite's write-ahead
// log with synchronous=NORMAL (no fsync inside the commit), then the WAL file is flushed with
// fdatasync(2) on libuv's thread pool before the batch is acknowledged. Requests arriving meanwhile
// are processed and share the next flush. A WAL frame is only valid after every frame before it,
// so one flush makes every earlier commit durable too (https://sqlite.org/fileformat2.html §4.3).
import { open } from 'node:fs/promises';

/** Coalescing flusher of one database's `-wal` file. */
export class WalSync {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private failure: Error | undefined;

  /** `walPath` is the database file name followed by `-wal`. */
  constructor(private readonly walPath: string) {}

  /** Resolves once everything written to the WAL before this call is on stable storage. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.next) return this.next;
    if (!this.running) return this.start();
    this.next = this.running.then(
      () => this.start(),
      () => this.start(),
    );
    return this.next;
  }

  private start(): Promise<void> {
    this.next = undefined;
    const run = this.syncOnce();
    this.running = run;
    void run.then(
      () => this.done(run),
      () => this.done(run),
    );
    return run;
  }

  private done(run: Promise<void>): void {
    if (this.running === run) this.running = undefined;
  }

  /** Opens the WAL by name each time, so a file SQLite recreated is the one flushed. */
  private async syncOnce(): Promise<void> {
    try {
      const file = await open(this.walPath, 'r');
      try {
        await file.datasync();
      } finally {
        await file.close();
      }
    } catch (error) {
      this.failure = new Error(`cannot flush ${this.walPath}: ${(error as Error).message}`);
      throw this.failure;
    }
  }
}
