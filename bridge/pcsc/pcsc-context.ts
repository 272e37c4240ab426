// A PC/SC context (SCardEstablishContext + SCardGetStatusChange monitoring, pcsc-lite): the
// readers pcscd knows, card insertions and removals as events, and connections to cards.
// Native callbacks become promises and events; native errors become TransportError.
import { pcscError } from './pcsc-errors.ts';
import {
  createNativePcsc,
  PCSCD_SOCKET_PATH,
  type NativePcsc,
  type NativeReader,
} from './pcsc-library.ts';
import { PcscCard, type PcscConnectOptions } from './pcsc-card.ts';
import { TransportError } from '../../firmware-sim/transport-error.ts';
import { withDeadline } from './deadline.ts';

/** A reader as last reported by pcscd. */
export interface PcscReaderState {
  readonly name: string;
  /** Whether a first status has arrived for this reader. */
  readonly known: boolean;
  readonly present: boolean;
  readonly mute: boolean;
  readonly inUse: boolean;
  readonly exclusive: boolean;
  readonly atr?: Uint8Array;
}

/** Changes seen by the context. */
export type PcscEvent =
  | { readonly kind: 'reader-added'; readonly reader: string }
  | { readonly kind: 'reader-removed'; readonly reader: string }
  | { readonly kind: 'card-inserted'; readonly reader: string; readonly atr: Uint8Array }
  | { readonly kind: 'card-removed'; readonly reader: string }
  | { readonly kind: 'status-changed'; readonly reader: string }
  | { readonly kind: 'service-lost'; readonly error: TransportError };

export interface PcscContextOptions {
  readonly socketPath?: string;
  /** Deadline of each native call, ms (default 5000). */
  readonly timeoutMs?: number;
}

interface Entry {
  native: NativeReader;
  state: PcscReaderState;
  /** Native calls on this reader still running (a timed-out SCardTransmit may still block). */
  running: Set<Promise<unknown>>;
}

const toBytes = (b: Buffer | undefined): Uint8Array | undefined =>
  b === undefined || b.length === 0 ? undefined : new Uint8Array(b);

/** An open PC/SC context. Call `close()` when done, or the process cannot exit. */
export class PcscContext {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(event: PcscEvent) => void>();
  private closed = false;
  private lostError: TransportError | undefined;

  private constructor(
    private readonly native: NativePcsc,
    readonly timeoutMs: number,
  ) {
    native.on('reader', (reader) => this.addReader(reader));
    native.on('error', (error) =>
      deferred(() => {
        if (!this.closed) this.lose(pcscError(error, 'monitoring readers'));
      }),
    );
  }

  /** Checks pcscd, loads the binding lazily and starts monitoring readers. */
  static async open(options: PcscContextOptions = {}): Promise<PcscContext> {
    const native = await createNativePcsc(options.socketPath ?? PCSCD_SOCKET_PATH);
    return new PcscContext(native, options.timeoutMs ?? 5000);
  }

  /** Wraps an already created native context (the binding, or FakeNativePcsc). */
  static fromNative(native: NativePcsc, timeoutMs = 5000): PcscContext {
    return new PcscContext(native, timeoutMs);
  }

  /** Set once pcscd went away; the context is then dead and must be replaced. */
  get lost(): TransportError | undefined {
    return this.lostError;
  }

  /** Readers known now, in the order pcscd reported them. */
  readers(): PcscReaderState[] {
    return [...this.entries.values()].map((e) => e.state);
  }

  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: (event: PcscEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the first reader state for which `accept` holds, waiting up to `timeoutMs`
   * for pcscd to report it; rejects with TransportError `code` otherwise.
   */
  waitFor(
    accept: (readers: readonly PcscReaderState[]) => PcscReaderState | undefined,
    timeoutMs: number,
    code: 'PCSC_NO_READER' | 'PCSC_NO_CARD',
    what: string,
  ): Promise<PcscReaderState> {
    const now = accept(this.readers());
    if (now !== undefined) return Promise.resolve(now);
    if (this.lostError !== undefined) return Promise.reject(this.lostError);
    let off = (): void => undefined;
    const found = new Promise<PcscReaderState>((resolve, reject) => {
      off = this.on((event) => {
        if (event.kind === 'service-lost') return reject(event.error);
        const hit = accept(this.readers());
        if (hit !== undefined) resolve(hit);
      });
    });
    return withDeadline(found, timeoutMs, code, what).finally(off);
  }

  /**
   * The readers once pcscd has reported a first status for each: waits up to `waitMs` for the
   * first reader (pcscd reports none when it has none) and for their statuses.
   */
  async settledReaders(waitMs: number): Promise<PcscReaderState[]> {
    const settled = (all: readonly PcscReaderState[]): PcscReaderState | undefined =>
      all.length > 0 && all.every((r) => r.known) ? all[0] : undefined;
    try {
      await this.waitFor(settled, waitMs, 'PCSC_NO_READER', 'listing readers');
    } catch (error) {
      if (!(error instanceof TransportError) || error.code !== 'PCSC_NO_READER') throw error;
    }
    return this.readers();
  }

  /** Connects to the card in `reader` (SCardConnect). */
  async connect(reader: string, options: PcscConnectOptions = {}): Promise<PcscCard> {
    const entry = this.entries.get(reader);
    if (entry === undefined) {
      throw new TransportError('PCSC_READER_GONE', `PC/SC connect: no reader named '${reader}'`);
    }
    const track = <T>(call: Promise<T>): Promise<T> => {
      const settled = call.then(
        () => undefined,
        () => undefined,
      );
      entry.running.add(settled);
      void settled.then(() => entry.running.delete(settled));
      return call;
    };
    return PcscCard.connect(entry.native, options, this.timeoutMs, () => entry.state.atr, track);
  }

  /**
   * Stops monitoring and releases the context; swallows pcsclite's benign "Command cancelled"
   * error that closing provokes. Runs outside any native callback: pcsclite holds a reader's
   * mutex while it delivers a status or runs a card call, and closing that reader then would
   * block the event loop, so a reader with a call still running is closed when the call ends.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await outsideNativeCallback();
    for (const entry of this.entries.values()) {
      if (entry.running.size === 0) closeQuietly(() => entry.native.close());
      else {
        const close = (): void => deferred(() => closeQuietly(() => entry.native.close()));
        void Promise.all(entry.running).then(close);
      }
    }
    closeQuietly(() => this.native.close());
    this.entries.clear();
  }

  private emit(event: PcscEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private lose(error: TransportError): void {
    if (this.lostError !== undefined) return;
    this.lostError = error;
    this.emit({ kind: 'service-lost', error });
  }

  private addReader(native: NativeReader): void {
    native.on('error', () => undefined);
    if (this.closed) {
      deferred(() => closeQuietly(() => native.close()));
      return;
    }
    const name = native.name;
    const state: PcscReaderState = {
      name,
      known: false,
      present: false,
      mute: false,
      inUse: false,
      exclusive: false,
    };
    this.entries.set(name, { native, state, running: new Set() });
    native.on('error', (error) =>
      deferred(() => {
        if (!this.closed) this.lose(pcscError(error, `watching '${name}'`));
      }),
    );
    native.on('end', () =>
      deferred(() => {
        if (this.closed || !this.entries.delete(name)) return;
        this.emit({ kind: 'reader-removed', reader: name });
      }),
    );
    native.on('status', (status) => {
      const atr = toBytes(status.atr);
      deferred(() => this.updateStatus(name, status.state, atr));
    });
    this.emit({ kind: 'reader-added', reader: name });
  }

  private updateStatus(name: string, bits: number, atr: Uint8Array | undefined): void {
    const entry = this.entries.get(name);
    if (entry === undefined) return;
    const n = entry.native;
    const before = entry.state;
    const present = (bits & n.SCARD_STATE_PRESENT) !== 0;
    entry.state = {
      name,
      known: true,
      present,
      mute: (bits & n.SCARD_STATE_MUTE) !== 0,
      inUse: (bits & n.SCARD_STATE_INUSE) !== 0,
      exclusive: (bits & n.SCARD_STATE_EXCLUSIVE) !== 0,
      ...(present && atr !== undefined ? { atr } : {}),
    };
    if (present && !before.present) {
      this.emit({ kind: 'card-inserted', reader: name, atr: atr ?? new Uint8Array(0) });
    } else if (!present && before.present) this.emit({ kind: 'card-removed', reader: name });
    else this.emit({ kind: 'status-changed', reader: name });
  }
}

/** Runs `run` on a later turn of the event loop, outside the native callback that called. */
function deferred(run: () => void): void {
  setImmediate(run);
}

const outsideNativeCallback = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function closeQuietly(close: () => void): void {
  try {
    close();
  } catch {
    // Closing a context whose pcscd is gone fails in the same way as the loss already reported.
  }
}
