// A Phoenix/Smartmouse serial SIM reader as a CardLink: reset through a modem control line, the
// ATR read at 9600 baud (ISO/IEC 7816-3 §8), then T=0 (§10.3) driven by the pure reader side with
// the reader's echo removed. No PPS: the reader's clock and baud rate stay at F = 372, D = 1.
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import { AtrAccumulator } from '../../protocol/iso7816/atr-accumulator.ts';
import { atrWaitingIntegerWi, inverseConventionByte } from '../../protocol/iso7816/atr.ts';
import {
  t0ReaderReceive,
  t0ReaderStart,
  type T0ReaderStep,
} from '../../protocol/iso7816/t0-reader.ts';
import type { CardLink } from '../../firmware-sim/card-link.ts';
import { TransportError } from '../../firmware-sim/transport-error.ts';
import { ByteInbox } from './byte-inbox.ts';
import { EchoFilter } from './echo-filter.ts';
import { openSerialLine, type SerialLine } from './serial-line.ts';

/** Drives the card's RST contact: low (reset) then high, after which the card sends its ATR. */
export interface ResetLine {
  pulse(): Promise<void>;
}

/** RST through RTS or DTR (Phoenix: RTS; some readers invert it). */
export function modemLineReset(
  line: SerialLine,
  which: 'rts' | 'dtr' = 'rts',
  activeHigh = true,
  holdMs = 20,
): ResetLine {
  return {
    async pulse() {
      await line.setLines({ [which]: activeHigh });
      await new Promise((r) => setTimeout(r, holdMs));
      await line.setLines({ [which]: !activeHigh });
    },
  };
}

export interface PhoenixReaderOptions {
  readonly reset: ResetLine;
  /** The reader echoes every byte sent (default true, as Phoenix readers do). */
  readonly echo?: boolean;
  /** Deadline for the whole ATR after reset, ms (default 1500). */
  readonly atrTimeoutMs?: number;
  /** Added to the work waiting time for serial latency, ms (default 200). */
  readonly marginMs?: number;
  /** Baud rate of the line (default 9600), for the work waiting time. */
  readonly baudRate?: number;
  /**
   * Follow 61xx/9Fxx with GET RESPONSE and 6Cxx with a re-send (default false: the CardLink
   * contract returns each answer as the card gave it).
   */
  readonly followUp?: boolean;
}

/** A card in a Phoenix reader. */
export interface PhoenixCardLink extends CardLink {
  close(): Promise<void>;
}

/** Wraps an open serial line as a CardLink. */
export function phoenixCardLink(line: SerialLine, options: PhoenixReaderOptions): PhoenixCardLink {
  return new PhoenixLink(line, options);
}

class PhoenixLink implements PhoenixCardLink {
  private readonly inbox = new ByteInbox();
  private readonly echo = new EchoFilter();
  private readonly useEcho: boolean;
  private inverse = false;
  private waitMs = 0;
  private ready = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly line: SerialLine,
    private readonly options: PhoenixReaderOptions,
  ) {
    this.useEcho = options.echo ?? true;
    line.onData((raw) => this.received(raw));
    line.onClose((error) => this.inbox.fail(error, true));
  }

  reset(): Promise<Uint8Array> {
    return this.serial(() => this.doReset());
  }

  transmit(apdu: CommandApdu): Promise<ResponseApdu> {
    return this.serial(() => this.doTransmit(apdu));
  }

  close(): Promise<void> {
    return this.line.close();
  }

  private received(raw: Uint8Array): void {
    try {
      const card = this.useEcho ? this.echo.push(raw) : raw;
      this.inbox.push(this.inverse ? card.map(inverseConventionByte) : card);
    } catch (error) {
      const message = error instanceof DecodeError ? error.message : String(error);
      this.inbox.fail(new TransportError('SERIAL_ECHO_MISMATCH', message, { cause: error }), false);
    }
  }

  private async send(bytes: Uint8Array): Promise<void> {
    const raw = this.inverse ? bytes.map(inverseConventionByte) : bytes;
    if (this.useEcho) this.echo.sent(raw);
    await this.line.write(raw);
  }

  private async doReset(): Promise<Uint8Array> {
    this.ready = false;
    this.inverse = false;
    this.echo.clear();
    await this.line.flush();
    this.inbox.clear();
    await this.options.reset.pulse();
    const accumulator = new AtrAccumulator();
    const deadline = this.options.atrTimeoutMs ?? 1500;
    for (;;) {
      const byte = await this.inbox.take(deadline, 'reading the ATR');
      const done = accumulator.push(Uint8Array.of(byte));
      if (done === undefined) continue;
      this.inverse = accumulator.inverse;
      const etu = atrWaitingIntegerWi(done.atr) * 960;
      const baud = this.options.baudRate ?? 9600;
      this.waitMs = Math.ceil((etu * 1000) / baud) + (this.options.marginMs ?? 200);
      this.ready = true;
      return done.bytes;
    }
  }

  private async doTransmit(apdu: CommandApdu): Promise<ResponseApdu> {
    if (!this.ready) await this.doReset();
    const follow = this.options.followUp ?? false;
    let step: T0ReaderStep = t0ReaderStart(apdu, { getResponse: follow, resendOnWrongLe: follow });
    for (;;) {
      for (const action of step.actions) {
        if (action.kind === 'send') await this.send(action.bytes);
        if (action.kind === 'done') return action.response;
      }
      const byte = await this.inbox.take(this.waitMs, 'waiting for the card');
      step = t0ReaderReceive(step.state, Uint8Array.of(byte));
    }
  }

  /** One exchange at a time; after any failure the next call resets the card first. */
  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next.catch((error: unknown) => {
      this.ready = false;
      throw error;
    });
  }
}

/** Opens a Phoenix reader on `path`: 9600 8E2, RST on RTS (or `resetLine`). */
export async function openPhoenixReader(
  path: string,
  options: Omit<PhoenixReaderOptions, 'reset'> & {
    readonly resetLine?: 'rts' | 'dtr';
    readonly resetActiveHigh?: boolean;
  } = {},
): Promise<PhoenixCardLink> {
  const line = await openSerialLine(path, { baudRate: options.baudRate ?? 9600 });
  const reset = modemLineReset(line, options.resetLine ?? 'rts', options.resetActiveHigh ?? true);
  return phoenixCardLink(line, { ...options, reset });
}
