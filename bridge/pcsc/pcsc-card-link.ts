// The CardLink port (firmware-sim/card-link.ts) over a card in a PC/SC reader: it opens pcscd on
// first use, waits for the reader and card, and after any transport fault (card removed, pcscd
// restarted, reader unplugged) drops the context and reopens it on the next call.
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import { apduCase, encodeCommandApdu, decodeResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardLink } from '../../firmware-sim/card-link.ts';
import { PcscContext, type PcscReaderState } from './pcsc-context.ts';
import type { PcscCard, PcscConnectOptions } from './pcsc-card.ts';
import { transmitT0, type T0Result } from './t0-over-pcsc.ts';
import { TransportError } from '../../firmware-sim/transport-error.ts';

export interface PcscCardLinkOptions extends PcscConnectOptions {
  /** Reader name, exact or a part of it; default: the first reader holding a card. */
  readonly reader?: string;
  /** Deadline of each native call and of waiting for reader and card, ms (default 5000). */
  readonly timeoutMs?: number;
  /**
   * Follow 61xx/9Fxx with GET RESPONSE and 6Cxx with a re-send over T=0 (default false: the
   * CardLink contract returns the card's answer to each command as it came).
   */
  readonly followUp?: boolean;
  readonly socketPath?: string;
  /** Opens the PC/SC context (default PcscContext.open; a FakeNativePcsc context in tests). */
  readonly openContext?: () => Promise<PcscContext>;
}

/** A CardLink to a PC/SC card, with `close()` and the TPDUs of the last command. */
export interface PcscCardLink extends CardLink {
  /** The TPDUs exchanged for the last `transmit` over T=0. */
  readonly lastExchanges: T0Result['exchanges'];
  /** The reader in use, once connected. */
  readonly readerName: string | undefined;
  /** Leaves the card as it is, releases the context. */
  close(): Promise<void>;
}

/** Creates the link; nothing is opened until the first `reset` or `transmit`. */
export function createPcscCardLink(options: PcscCardLinkOptions = {}): PcscCardLink {
  return new ReopeningLink(options);
}

class ReopeningLink implements PcscCardLink {
  private readonly timeoutMs: number;
  private context: PcscContext | undefined;
  private card: PcscCard | undefined;
  private exchanges: T0Result['exchanges'] = [];

  constructor(private readonly options: PcscCardLinkOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  get lastExchanges(): T0Result['exchanges'] {
    return this.exchanges;
  }

  get readerName(): string | undefined {
    return this.card?.readerName;
  }

  /**
   * A fresh connection gives the ATR pcscd read at insertion; an open one is reset warm. A reset
   * is where a terminal starts over, so a context that lost pcscd is replaced, and an open
   * connection that fails (the card was taken out and put back since) is dropped and made anew.
   */
  reset(): Promise<Uint8Array> {
    return this.guarded(async () => {
      if (this.context?.lost !== undefined) this.drop();
      const fresh = this.card === undefined || !this.card.connected;
      const c = await this.ensureCard();
      if (fresh) return c.atr;
      try {
        return await c.reset();
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        this.drop();
        return (await this.ensureCard()).atr;
      }
    });
  }

  transmit(apdu: CommandApdu): Promise<ResponseApdu> {
    return this.guarded(async () => {
      const c = await this.ensureCard();
      if (c.protocol === 'T1') {
        this.exchanges = [];
        return decodeResponseApdu(await c.transmit(encodeCommandApdu(apdu)));
      }
      const follow = this.options.followUp ?? false;
      const result = await transmitT0(apdu, (tpdu) => c.transmit(asPcscCommand(apdu, tpdu)), {
        getResponse: follow,
        resendOnWrongLe: follow,
      });
      this.exchanges = result.exchanges;
      return result.response;
    });
  }

  async close(): Promise<void> {
    const c = this.card;
    this.card = undefined;
    if (c?.connected) await c.disconnect('leave').catch(() => undefined);
    const ctx = this.context;
    this.drop();
    await ctx?.close();
  }

  private drop(): void {
    void this.context?.close();
    this.context = undefined;
    this.card = undefined;
  }

  private async guarded<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TransportError) this.drop();
      throw error;
    }
  }

  private async ensureCard(): Promise<PcscCard> {
    const lost = this.context?.lost;
    if (lost !== undefined) {
      this.drop();
      throw lost;
    }
    if (this.card?.connected) return this.card;
    const { socketPath, openContext } = this.options;
    this.context ??= await (openContext?.() ??
      PcscContext.open({
        timeoutMs: this.timeoutMs,
        ...(socketPath !== undefined ? { socketPath } : {}),
      }));
    const holder = await this.findCard(this.context);
    this.card = await this.context.connect(holder.name, this.options);
    return this.card;
  }

  private async findCard(ctx: PcscContext): Promise<PcscReaderState> {
    const wanted = this.options.reader;
    const matches = (r: PcscReaderState): boolean =>
      wanted === undefined || r.name === wanted || r.name.includes(wanted);
    const what = wanted ?? 'any reader';
    await ctx.waitFor(
      (all) => all.find(matches),
      this.timeoutMs,
      'PCSC_NO_READER',
      `waiting for ${what}`,
    );
    return ctx.waitFor(
      (all) => all.find((r) => matches(r) && r.present && !r.mute),
      this.timeoutMs,
      'PCSC_NO_CARD',
      `waiting for a card in ${what}`,
    );
  }
}

/**
 * A case 1 command goes to pcscd as its 4-byte APDU, as PC/SC applications send it: the reader
 * adds P3 = 00 for T=0 (ISO/IEC 7816-3 §12.2.2), whereas a 5-byte header would reach a virtual
 * card as a case 2 command asking for 256 bytes. Every other TPDU goes as it is.
 */
function asPcscCommand(apdu: CommandApdu, tpdu: Uint8Array): Uint8Array {
  const sameCommand = tpdu.length === 5 && tpdu[1] === apdu.ins && tpdu[4] === 0;
  return apduCase(apdu) === 1 && sameCommand ? tpdu.subarray(0, 4) : tpdu;
}
