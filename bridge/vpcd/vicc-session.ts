// The virtual card's side of a vpcd connection (vsmartcard vpcd.c): power and reset controls
// reset the card, GET ATR answers the ATR of the last reset (vpcd asks on every presence poll,
// so it must not reset the card), and command APDUs get the card's response APDU.
import {
  decodeCommandApdu,
  encodeResponseApdu,
  type CommandApdu,
  type ResponseApdu,
} from '../../protocol/iso7816/apdu.ts';
import { DecodeError } from '../../protocol/bytes/index.ts';
import { SW_WRONG_LENGTH } from '../../protocol/iso7816/status-words.ts';
import type { VpcdMessage } from './vpcd-framing.ts';

/** A card that can sit behind vpcd: the virtual SIM, or anything with the same two methods. */
export interface VirtualCard {
  /** Resets the card and returns its ATR. */
  reset(): Uint8Array | Promise<Uint8Array>;
  /** Answers one command APDU. */
  handleApdu(apdu: CommandApdu): ResponseApdu | Promise<ResponseApdu>;
}

/** Counters of what vpcd asked, for logs and tests. */
export interface ViccCounters {
  atrRequests: number;
  powerOn: number;
  powerOff: number;
  resets: number;
  apdus: number;
}

/** One card's conversation with vpcd; `answer` returns the payload to send back, if any. */
export class ViccSession {
  private atr: Uint8Array | undefined;
  readonly counters: ViccCounters = {
    atrRequests: 0,
    powerOn: 0,
    powerOff: 0,
    resets: 0,
    apdus: 0,
  };

  constructor(private readonly card: VirtualCard) {}

  /** Handles one message; resolves to the reply payload (ATR or R-APDU) or undefined. */
  async answer(message: VpcdMessage): Promise<Uint8Array | undefined> {
    if (message.kind === 'apdu') {
      this.counters.apdus++;
      return encodeResponseApdu(await this.respond(message.bytes));
    }
    switch (message.control) {
      case 'atr':
        this.counters.atrRequests++;
        this.atr ??= await this.card.reset();
        return this.atr.slice();
      case 'power-on':
        this.counters.powerOn++;
        this.atr = await this.card.reset();
        return undefined;
      case 'reset':
        this.counters.resets++;
        this.atr = await this.card.reset();
        return undefined;
      case 'power-off':
        this.counters.powerOff++;
        return undefined;
    }
  }

  private async respond(bytes: Uint8Array): Promise<ResponseApdu> {
    let apdu: CommandApdu;
    try {
      apdu = decodeCommandApdu(bytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      return { data: new Uint8Array(0), sw: SW_WRONG_LENGTH };
    }
    return this.card.handleApdu(apdu);
  }
}
