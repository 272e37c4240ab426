// Whether a card sits in one PC/SC reader, followed through pcscd's SCardGetStatusChange events
// (pcsc-lite), across pcscd restarts: when pcscd goes away the card counts as absent and the
// context is reopened every `retryMs` until pcscd answers again.
import { PcscContext, type PcscReaderState } from './pcsc-context.ts';

export interface CardPresenceOptions {
  /** The reader's full name, as pcscd reports it. */
  readonly reader: string;
  /** Called when the card arrives (true) or leaves (false). */
  readonly onChange: (present: boolean) => void;
  /** What to assume before pcscd first reports the reader (default false). */
  readonly initiallyPresent?: boolean;
  /** Delay between attempts to reopen pcscd after it went away, ms (default 500). */
  readonly retryMs?: number;
  /** Opens a context (default PcscContext.open; a FakeNativePcsc context in tests). */
  readonly open?: () => Promise<PcscContext>;
}

/** A running watch. */
export interface CardPresenceWatch {
  /** The card's presence as last reported. */
  readonly present: boolean;
  /** Stops watching and releases the context. */
  stop(): Promise<void>;
}

/** Starts following the card in `options.reader`; never throws while pcscd is absent. */
export function watchCardPresence(options: CardPresenceOptions): CardPresenceWatch {
  const watch = new PresenceWatch(options);
  void watch.attach();
  return watch;
}

const cardIn = (r: PcscReaderState | undefined): boolean | undefined =>
  r === undefined || !r.known ? undefined : r.present && !r.mute;

class PresenceWatch implements CardPresenceWatch {
  private context: PcscContext | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private now: boolean;
  private readonly open: () => Promise<PcscContext>;

  constructor(private readonly options: CardPresenceOptions) {
    this.now = options.initiallyPresent ?? false;
    this.open = options.open ?? (() => PcscContext.open());
  }

  get present(): boolean {
    return this.now;
  }

  async attach(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    let context: PcscContext;
    try {
      context = await this.open();
    } catch {
      return this.retry();
    }
    if (this.stopped) return void (await context.close());
    this.context = context;
    const reader = this.options.reader;
    context.on((event) => {
      if (event.kind === 'service-lost') return this.lose(context);
      if (event.kind === 'reader-removed' && event.reader === reader) return this.set(false);
      const seen = cardIn(context.readers().find((r) => r.name === reader));
      if (seen !== undefined) this.set(seen);
    });
    const seen = cardIn(context.readers().find((r) => r.name === reader));
    if (seen !== undefined) this.set(seen);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const context = this.context;
    this.context = undefined;
    await context?.close();
  }

  private lose(context: PcscContext): void {
    if (this.context === context) this.context = undefined;
    void context.close();
    this.set(false);
    this.retry();
  }

  private retry(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => void this.attach(), this.options.retryMs ?? 500);
  }

  private set(present: boolean): void {
    if (present === this.now || this.stopped) return;
    this.now = present;
    this.options.onChange(present);
  }
}
