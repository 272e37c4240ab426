// A CardLink over the raw ISO/IEC 7816-3 line: the ATR read off the port on reset (§8), a PPS
// exchange (§9) when TA1 offers a faster rate than Fd/Dd, and APDUs carried in T=0 TPDUs (§10.3).
import type { CardLink } from '../card-link.ts';
import { AtrAccumulator } from '../../protocol/iso7816/atr-accumulator.ts';
import { atrProtocols, type Atr } from '../../protocol/iso7816/atr.ts';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import { decodePps, encodePps, ppsLength, ppsOutcome } from '../../protocol/iso7816/pps.ts';
import { t0ReaderReceive, t0ReaderStart } from '../../protocol/iso7816/t0-reader.ts';
import type { T0ReaderAction } from '../../protocol/iso7816/t0-reader.ts';
import {
  DEFAULT_RATE_BYTE,
  clocksPerEtu,
  rateFactors,
} from '../../protocol/iso7816/transmission-parameters.ts';
import type { BytePort } from './byte-port.ts';
import { LineReader, convert } from './line-reader.ts';

/** How the last reset went: the ATR, whether a PPS was tried and the rate the line now runs at. */
export interface LinkState {
  readonly atr: Uint8Array;
  readonly pps: 'not needed' | 'specific mode' | 'accepted' | 'refused' | 'no answer';
  readonly rateByte: number;
}

/** A link failure: the card is silent or broke the protocol. */
export class CardLineError extends Error {
  override readonly name = 'CardLineError';
}

/** The FI||DI byte to request: TA1 when it is valid and faster than the default, else undefined. */
export function fasterRate(atr: Atr): number | undefined {
  const ta1 = atr.groups[0]?.ta;
  if (ta1 === undefined || ta1 === DEFAULT_RATE_BYTE) return undefined;
  const offered = rateFactors(ta1);
  const standard = rateFactors(DEFAULT_RATE_BYTE)!;
  if (offered === undefined || clocksPerEtu(offered) >= clocksPerEtu(standard)) return undefined;
  return ta1;
}

/** Most chunks read for one APDU before the card is taken to misbehave. */
const MAX_READS = 4096;

/** A CardLink over `port`, exposing how the last reset went. */
export class ByteLevelLink implements CardLink {
  private line: LineReader;
  private last: LinkState | undefined;

  constructor(private readonly port: BytePort) {
    this.line = new LineReader(port, false);
  }

  /** The outcome of the last reset, once there was one. */
  get state(): LinkState | undefined {
    return this.last;
  }

  async reset(): Promise<Uint8Array> {
    const { atr, bytes } = await this.readAtr();
    const specific = atr.groups[1]?.ta;
    if (specific !== undefined) return this.specificMode(atr, bytes, specific);
    const rate = fasterRate(atr);
    if (rate === undefined || !atrProtocols(atr).includes(0)) {
      this.last = { atr: bytes, pps: 'not needed', rateByte: DEFAULT_RATE_BYTE };
      return bytes;
    }
    const outcome = await this.negotiate(rate);
    // §9.3: without an answer the reader deactivates the card; after the new reset it keeps Fd/Dd.
    if (outcome === 'no answer') await this.readAtr();
    const rateByte = outcome === 'no answer' || outcome === 'refused' ? DEFAULT_RATE_BYTE : rate;
    this.last = { atr: bytes, pps: outcome, rateByte };
    return bytes;
  }

  /** §8.3 TA2: a card in specific mode takes no PPS; b5 = 0 means TA1's rate applies at once. */
  private async specificMode(atr: Atr, bytes: Uint8Array, ta2: number): Promise<Uint8Array> {
    const implicit = (ta2 & 0x10) !== 0;
    const rateByte = implicit ? DEFAULT_RATE_BYTE : (atr.groups[0]?.ta ?? DEFAULT_RATE_BYTE);
    if (rateByte !== DEFAULT_RATE_BYTE) await this.port.setRate(rateByte);
    this.last = { atr: bytes, pps: 'specific mode', rateByte };
    return bytes;
  }

  async transmit(apdu: CommandApdu): Promise<ResponseApdu> {
    let step = t0ReaderStart(apdu, { getResponse: false, resendOnWrongLe: false });
    for (let reads = 0; reads < MAX_READS; reads++) {
      const done = await this.act(step.actions);
      if (done !== undefined) return done;
      const chunk = await this.line.read();
      if (chunk.length === 0) throw new CardLineError('the card did not answer the command');
      step = t0ReaderReceive(step.state, chunk);
    }
    throw new CardLineError(`no answer after ${MAX_READS} reads`);
  }

  private async act(actions: readonly T0ReaderAction[]): Promise<ResponseApdu | undefined> {
    for (const action of actions) {
      if (action.kind === 'send') await this.line.write(action.bytes);
      if (action.kind === 'done') return action.response;
    }
    return undefined;
  }

  private async readAtr(): Promise<{ atr: Atr; bytes: Uint8Array }> {
    await this.port.reset();
    const accumulator = new AtrAccumulator();
    for (let reads = 0; reads < MAX_READS; reads++) {
      const chunk = await this.port.read();
      if (chunk.length === 0) throw new CardLineError('no ATR after reset');
      const complete = accumulator.push(chunk);
      if (complete === undefined) continue;
      this.line = new LineReader(this.port, accumulator.inverse);
      this.line.unread(convert(complete.rest, accumulator.inverse));
      return { atr: complete.atr, bytes: complete.bytes };
    }
    throw new CardLineError('ATR never completed');
  }

  /** Requests T=0 at `rate` (§9.2); the echo switches the port, anything else leaves Fd/Dd. */
  private async negotiate(rate: number): Promise<'accepted' | 'refused' | 'no answer'> {
    const request = { protocol: 0, pps1: rate };
    await this.line.write(encodePps(request));
    const answer = await this.readPps();
    if (answer === undefined) return 'no answer';
    const outcome = ppsOutcome(request, decodePps(answer));
    if (!outcome.accepted) throw new CardLineError(`PPS failed: ${outcome.reason}`);
    if (outcome.rateByte === DEFAULT_RATE_BYTE) return 'refused';
    await this.port.setRate(outcome.rateByte);
    return 'accepted';
  }

  private async readPps(): Promise<Uint8Array | undefined> {
    const bytes: number[] = [];
    for (let reads = 0; reads < MAX_READS; reads++) {
      const total = ppsLength(Uint8Array.from(bytes));
      if (total !== undefined && bytes.length >= total) {
        this.line.unread(Uint8Array.from(bytes.slice(total)));
        return Uint8Array.from(bytes.slice(0, total));
      }
      const chunk = await this.line.read();
      if (chunk.length === 0) return undefined;
      bytes.push(...chunk);
    }
    throw new CardLineError('PPS answer never completed');
  }
}
