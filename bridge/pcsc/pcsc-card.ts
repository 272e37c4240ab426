// A connection to a card through pcscd (SCardConnect / SCardTransmit / SCardDisconnect, pcsc-lite
// winscard.h): share mode, protocol, dispositions, and a deadline on every native call. Bytes in,
// bytes out: the T=0 follow-ups are the caller's (see t0-over-pcsc.ts).
import { pcscError } from './pcsc-errors.ts';
import type { NativeReader } from './pcsc-library.ts';
import { TransportError } from '../../firmware-sim/transport-error.ts';
import { withDeadline } from './deadline.ts';

/** Which transmission protocol to ask for (ISO/IEC 7816-3 §10 T=0, §11 T=1). */
export type PcscProtocol = 'T0' | 'T1' | 'any';

export interface PcscConnectOptions {
  /** Default 'shared': other applications may use the card between our transactions. */
  readonly share?: 'shared' | 'exclusive';
  /** Default 'any' (T=0 or T=1, the reader and card choose). */
  readonly protocol?: PcscProtocol;
}

/** What happens to the card when the connection ends (SCARD_*_CARD). */
export type PcscDisposition = 'leave' | 'reset' | 'unpower';

/** Largest response SCardTransmit may return: 65536 data bytes and SW1 SW2. */
export const PCSC_MAX_RESPONSE = 65538;

const callback =
  <T>(resolve: (v: T) => void, reject: (e: unknown) => void) =>
  (error: unknown, value: T): void => {
    if (error) reject(error);
    else resolve(value);
  };

/** Marks a native call as running until it settles, whatever the deadline said. */
export type NativeCallTracker = <T>(call: Promise<T>) => Promise<T>;

/** A connected card. One native call at a time; every call has the context's deadline. */
export class PcscCard {
  private busy: Promise<unknown> = Promise.resolve();
  private connectedFlag = true;

  private constructor(
    private readonly reader: NativeReader,
    private readonly options: PcscConnectOptions,
    private protocolCode: number,
    private readonly timeoutMs: number,
    private readonly currentAtr: () => Uint8Array | undefined,
    private readonly track: NativeCallTracker,
  ) {}

  /** SCardConnect to `reader`. */
  static async connect(
    reader: NativeReader,
    options: PcscConnectOptions,
    timeoutMs: number,
    currentAtr: () => Uint8Array | undefined,
    track: NativeCallTracker,
  ): Promise<PcscCard> {
    const protocol = await nativeConnect(reader, options, timeoutMs, track);
    return new PcscCard(reader, options, protocol, timeoutMs, currentAtr, track);
  }

  /** The reader's name. */
  get readerName(): string {
    return this.reader.name;
  }

  /** The protocol pcscd chose. */
  get protocol(): 'T0' | 'T1' {
    return this.protocolCode === this.reader.SCARD_PROTOCOL_T1 ? 'T1' : 'T0';
  }

  /** The card's ATR as pcscd last reported it (empty before the first status). */
  get atr(): Uint8Array {
    return this.currentAtr()?.slice() ?? new Uint8Array(0);
  }

  get connected(): boolean {
    return this.connectedFlag;
  }

  /**
   * SCardTransmit of one APDU (T=1) or TPDU (T=0); resolves to the response bytes. An answer
   * without SW1 SW2 (vpcd gives one when its card's socket closes) is PCSC_NOT_TRANSACTED.
   */
  transmit(bytes: Uint8Array): Promise<Uint8Array> {
    return this.serial('transmit', () =>
      this.track(
        new Promise<Buffer>((resolve, reject) =>
          this.reader.transmit(
            Buffer.from(bytes),
            PCSC_MAX_RESPONSE,
            this.protocolCode,
            callback(resolve, reject),
          ),
        ),
      ).then((b) => {
        if (b.length >= 2) return new Uint8Array(b);
        const what = 'PC/SC transmit: the reader returned no status word (card removed?)';
        throw new TransportError('PCSC_NOT_TRANSACTED', what);
      }),
    );
  }

  /** Warm reset: SCardDisconnect(SCARD_RESET_CARD) then SCardConnect again; resolves to the ATR. */
  async reset(): Promise<Uint8Array> {
    await this.disconnect('reset');
    this.protocolCode = await this.serial('reconnect', () =>
      nativeConnect(this.reader, this.options, this.timeoutMs, this.track),
    );
    this.connectedFlag = true;
    return this.atr;
  }

  /** SCardDisconnect with `disposition` (default 'leave'). */
  async disconnect(disposition: PcscDisposition = 'leave'): Promise<void> {
    if (!this.connectedFlag) return;
    const r = this.reader;
    const code =
      disposition === 'reset'
        ? r.SCARD_RESET_CARD
        : disposition === 'unpower'
          ? r.SCARD_UNPOWER_CARD
          : r.SCARD_LEAVE_CARD;
    await this.serial(
      'disconnect',
      () => new Promise<void>((resolve, reject) => r.disconnect(code, callback(resolve, reject))),
    );
    this.connectedFlag = false;
  }

  /** Runs one native call after the previous one, with the deadline and error mapping. */
  private serial<T>(doing: string, run: () => Promise<T>): Promise<T> {
    const next = this.busy.then(
      () => withDeadline(run(), this.timeoutMs, 'PCSC_TIMEOUT', `PC/SC ${doing}`),
      () => withDeadline(run(), this.timeoutMs, 'PCSC_TIMEOUT', `PC/SC ${doing}`),
    );
    this.busy = next.catch(() => undefined);
    return next.catch((error: unknown) => {
      throw pcscError(error, doing);
    });
  }
}

function nativeConnect(
  reader: NativeReader,
  options: PcscConnectOptions,
  timeoutMs: number,
  track: NativeCallTracker,
): Promise<number> {
  const share =
    options.share === 'exclusive' ? reader.SCARD_SHARE_EXCLUSIVE : reader.SCARD_SHARE_SHARED;
  const wanted = options.protocol ?? 'any';
  const protocol =
    wanted === 'T0'
      ? reader.SCARD_PROTOCOL_T0
      : wanted === 'T1'
        ? reader.SCARD_PROTOCOL_T1
        : reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1;
  const connecting = track(
    new Promise<number>((resolve, reject) =>
      reader.connect({ share_mode: share, protocol }, callback(resolve, reject)),
    ),
  );
  return withDeadline(connecting, timeoutMs, 'PCSC_TIMEOUT', 'PC/SC connect').catch(
    (error: unknown) => {
      throw error instanceof TransportError ? error : pcscError(error, 'connect');
    },
  );
}
