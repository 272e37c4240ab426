// The CardLink port (firmware-sim/card-link.ts) over a card in a PC/SC reader: it opens pcscd on
// first use, waits for the reader and card, and after any transport fault (card removed, pcscd
// restarted, reader unplugged) drops the context and reopens it on the next call.
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import { encodeCommandApdu, decodeResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardLink } from '../../firmware-sim/card-link.ts';
import { PcscContext, type PcscReaderState } from './pcsc-context.ts';
import type { PcscCard, PcscConnectOptions } from './pcsc-card.ts';
import { transmitT0, type T0Result } from './t0-over-pcsc.ts';
import { TransportError } from './transport-error.ts';

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
  const timeoutMs = options.timeoutMs ?? 5000;
  let context: PcscContext | undefined;
  let card: PcscCard | undefined;
  let exchanges: T0Result['exchanges'] = [];

  const drop = (): void => {
    void context?.close();
    context = undefined;
    card = undefined;
  };

  async function ensureCard(): Promise<PcscCard> {
    const lost = context?.lost;
    if (lost !== undefined) {
      drop();
      throw lost;
    }
    if (card?.connected) return card;
    context ??= await PcscContext.open({
      timeoutMs,
      ...(options.socketPath !== undefined ? { socketPath: options.socketPath } : {}),
    });
    const ctx = context;
    const wanted = options.reader;
    const matches = (r: PcscReaderState): boolean =>
      wanted === undefined || r.name === wanted || r.name.includes(wanted);
    await ctx.waitFor(
      (all) => all.find(matches),
      timeoutMs,
      'PCSC_NO_READER',
      `waiting for reader ${wanted ?? '(any)'}`,
    );
    const holder = await ctx.waitFor(
      (all) => all.find((r) => matches(r) && r.present && !r.mute),
      timeoutMs,
      'PCSC_NO_CARD',
      `waiting for a card in ${wanted ?? 'any reader'}`,
    );
    card = await ctx.connect(holder.name, options);
    return card;
  }

  async function guarded<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TransportError) drop();
      throw error;
    }
  }

  return {
    get lastExchanges() {
      return exchanges;
    },
    get readerName() {
      return card?.readerName;
    },
    reset: () =>
      guarded(async () => {
        const fresh = card === undefined || !card.connected;
        const c = await ensureCard();
        return fresh ? c.atr : c.reset();
      }),
    transmit: (apdu: CommandApdu): Promise<ResponseApdu> =>
      guarded(async () => {
        const c = await ensureCard();
        if (c.protocol === 'T1') {
          exchanges = [];
          return decodeResponseApdu(await c.transmit(encodeCommandApdu(apdu)));
        }
        const follow = options.followUp ?? false;
        const result = await transmitT0(apdu, (tpdu) => c.transmit(tpdu), {
          getResponse: follow,
          resendOnWrongLe: follow,
        });
        exchanges = result.exchanges;
        return result.response;
      }),
    async close() {
      const c = card;
      card = undefined;
      if (c?.connected) await c.disconnect('leave').catch(() => undefined);
      const ctx = context;
      drop();
      await ctx?.close();
    },
  };
}
