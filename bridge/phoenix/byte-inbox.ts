// Bytes received from a serial line, handed out one at a time with a deadline, so a silent card
// or a closed line becomes a TransportError instead of a hang.
import { TransportError } from '../../firmware-sim/transport-error.ts';

/** A FIFO of received bytes with a waiting reader. */
export class ByteInbox {
  private bytes: number[] = [];
  private waiter: { resolve: (b: number) => void; reject: (e: Error) => void } | undefined;
  private failure: TransportError | undefined;

  /** Adds received bytes. */
  push(chunk: Uint8Array): void {
    this.bytes.push(...chunk);
    const w = this.waiter;
    if (w !== undefined && this.bytes.length > 0) {
      this.waiter = undefined;
      w.resolve(this.bytes.shift()!);
    }
  }

  /** Fails the current `take`; with `sticky` every later one too (the line closed). */
  fail(error: TransportError, sticky: boolean): void {
    if (sticky) this.failure = error;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(error);
  }

  clear(): void {
    this.bytes = [];
  }

  /** The next byte, or SERIAL_TIMEOUT after `timeoutMs` of silence. */
  take(timeoutMs: number, what: string): Promise<number> {
    if (this.bytes.length > 0) return Promise.resolve(this.bytes.shift()!);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new TransportError('SERIAL_TIMEOUT', `${what}: card silent for ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }
}
