// The handset's side of the card link (ISO/IEC 7816-3 §10.3, TS 51.011 §9.4): one exchange at a
// time, every TPDU reported to a trace sink, GET RESPONSE after 9F xx / 61 xx (CLA A0 for GSM, 00 for
// the UICC, TS 102 221 §10.1.1), a resend after 6C xx.
import type { CardLink } from '../card-link.ts';
import {
  encodeResponseApdu,
  type CommandApdu,
  type ResponseApdu,
} from '../../protocol/iso7816/apdu.ts';
import type { TraceSink } from '../../protocol/trace/index.ts';
import { getResponseCla } from '../../protocol/iso7816/t0-reader.ts';
import type { CardMode } from './card-mode.ts';
import { getResponse, Ins } from './gsm-commands.ts';

/** The T=0 TPDU header and data a command becomes (P3 = Lc, or Le with 256 as 00). */
export function tpduBytes(apdu: CommandApdu): Uint8Array {
  const p3 = apdu.data.length > 0 ? apdu.data.length : (apdu.ne ?? 0) & 0xff;
  const out = new Uint8Array(5 + apdu.data.length);
  out.set([apdu.cla, apdu.ins, apdu.p1, apdu.p2, p3]);
  out.set(apdu.data, 5);
  return out;
}

/** How many GET RESPONSE / resend steps one exchange may take. */
const MAX_FOLLOW_UPS = 4;

/**
 * Serialises access to a card: `exchange` calls queue behind each other so that the toolkit
 * poll, a user's AT+CRSM and an incoming SMS never interleave their TPDUs.
 */
export class CardChannel {
  private queue: Promise<unknown> = Promise.resolve();
  private pending: number | undefined;

  constructor(
    private readonly link: CardLink,
    private readonly trace?: TraceSink,
  ) {}

  /** Resets the card and resolves to its ATR. */
  reset(): Promise<Uint8Array> {
    return this.serialised(async () => {
      const atr = await this.link.reset();
      this.trace?.record({ kind: 'atr', atr });
      return atr;
    });
  }

  /** One TPDU exactly as given: no follow-up. For AT+CSIM. */
  raw(apdu: CommandApdu): Promise<ResponseApdu> {
    return this.serialised(() => this.transmit(apdu));
  }

  /** A command with its GET RESPONSE (9F xx, 61 xx) or resend (6C xx) follow-up. */
  exchange(apdu: CommandApdu): Promise<ResponseApdu> {
    return this.serialised(() => this.withFollowUp(apdu));
  }

  /** Runs `work` with the channel to itself; `work` uses the channel passed in, in `mode`. */
  session<T>(work: (channel: SessionChannel) => Promise<T>, mode: CardMode): Promise<T> {
    return this.serialised(() =>
      work({
        mode,
        exchange: (apdu) => this.withFollowUp(apdu),
        raw: (apdu) => this.transmit(apdu),
      }),
    );
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async withFollowUp(apdu: CommandApdu): Promise<ResponseApdu> {
    let response = await this.transmit(apdu);
    for (let step = 0; step < MAX_FOLLOW_UPS; step++) {
      const sw1 = response.sw >> 8;
      const sw2 = response.sw & 0xff;
      if (sw1 === 0x9f || sw1 === 0x61) {
        const length = sw2 === 0 ? 256 : sw2;
        const data = await this.transmit({ ...getResponse(length), cla: getResponseCla(apdu.cla) });
        response = data.sw === 0x9000 ? data : response;
        if (data.sw !== 0x9000) return response;
      } else if (sw1 === 0x6c) {
        response = await this.transmit({ ...apdu, ne: sw2 === 0 ? 256 : sw2 });
      } else {
        return response;
      }
    }
    return response;
  }

  /** Length of the proactive command the card announced with 91 xx and nobody fetched yet. */
  get pendingProactive(): number | undefined {
    return this.pending;
  }

  private async transmit(apdu: CommandApdu): Promise<ResponseApdu> {
    const response = await this.link.transmit(apdu);
    if (apdu.ins === Ins.fetch) this.pending = undefined;
    if (response.sw >> 8 === 0x91) this.pending = response.sw & 0xff || 256;
    this.trace?.record({
      kind: 'apdu',
      command: tpduBytes(apdu),
      response: encodeResponseApdu(response),
    });
    return response;
  }
}

/** The channel as seen inside a `session`: the command set chosen at start-up and the card. */
export interface SessionChannel {
  readonly mode: CardMode;
  exchange(apdu: CommandApdu): Promise<ResponseApdu>;
  raw(apdu: CommandApdu): Promise<ResponseApdu>;
}
