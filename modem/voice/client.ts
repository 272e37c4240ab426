// The client API of the voice channel, sendRequest(Request) -> Response: negotiates the line encoding
// at call set-up, sends the keypad-encoded (optionally encrypted) request in a CRC frame, resends on NAK,
// damage or timeout (stop-and-wait ARQ), decodes the response, acknowledges it. When it encrypts,
// only a reply sealed under the request's counter is a Response; the IVR's unauthenticated refusal
// is reported as VOICE_REFUSED and anything else (a plain reply included) as VOICE_BAD_REPLY.
import { DecodeError } from '../../protocol/bytes/index.ts';
import {
  arqStart,
  arqStep,
  type ArqAction,
  type ArqConfig,
  type ArqEvent,
  type ArqState,
} from '../framing/arq.ts';
import { encodeFrame, type Frame } from '../framing/frame.ts';
import { decodeKeypadResponse, encodeKeypadRequest } from '../keypad/keypad-codec.ts';
import { helloFrame, selectedMode } from './call-setup.ts';
import type { CommandTable } from './command-table.ts';
import type { PayloadCipher } from './payload-cipher.ts';
import { openPayload, refusalCode, sealPayload } from './payload-codec.ts';
import type { Request, Response } from './request.ts';
import type { SymbolModem, VoiceMode } from './symbol-modem.ts';
import { VoiceCallError } from './voice-error.ts';
import type { Clock, VoiceLink } from './voice-link.ts';
import { VoiceReceiver, type HeardFrame } from './voice-receiver.ts';

/** Everything the client needs; ports are injected. */
export interface VoiceClientOptions {
  readonly table: CommandTable;
  readonly sampleRate: number;
  readonly link: VoiceLink;
  readonly clock: Clock;
  /** DTMF is required (set-up always uses it); FSK is offered when present. */
  readonly modems: { readonly dtmf: SymbolModem; readonly fsk?: SymbolModem };
  readonly arq: ArqConfig;
  /** HELLO attempts and the wait for SELECT after each, in ms. */
  readonly setupAttempts: number;
  readonly setupTimeoutMs: number;
  /** Encrypts payloads when present; `nextCounter` gives a fresh counter per request. */
  readonly encryption?: { readonly cipher: PayloadCipher; readonly nextCounter: () => number };
}

/** A completed exchange and what it cost. */
export interface Exchange {
  readonly response: Response;
  readonly mode: VoiceMode;
  readonly attempts: number;
  readonly retransmissions: number;
}

/** One call to the IVR carrying one or more requests. */
export class VoiceClient {
  private readonly receiver: VoiceReceiver;
  private mode: VoiceMode | undefined;
  private seq = 0;
  private playingUntilMs = 0;

  constructor(private readonly options: VoiceClientOptions) {
    const { dtmf, fsk } = options.modems;
    this.receiver = new VoiceReceiver(fsk ? [dtmf, fsk] : [dtmf], options.sampleRate);
  }

  /** sendRequest of the API: the response, or a VoiceCallError. */
  async sendRequest(request: Request): Promise<Response> {
    return (await this.exchange(request)).response;
  }

  /** Sends a request and waits for its response, with retransmission. */
  async exchange(request: Request): Promise<Exchange> {
    const mode = this.mode ?? (this.mode = await this.negotiate());
    const keypad = encodeKeypadRequest(this.options.table, request);
    const encryption = this.options.encryption;
    const counter = encryption?.nextCounter();
    const payload = await sealPayload(
      keypad,
      encryption && counter !== undefined ? { cipher: encryption.cipher, counter } : undefined,
    );
    const seq = this.seq;
    this.seq = (this.seq + 1) % 10;
    const frame = encodeFrame({ kind: 'data', seq, payload });
    const { state, reply } = await this.runArq(frame, mode, seq);
    if (!reply)
      throw new VoiceCallError(
        'VOICE_NO_REPLY',
        `no valid reply after ${state.attempts} attempt(s)`,
      );
    const refused = refusalCode(reply);
    if (refused !== undefined) {
      this.transmit(encodeFrame({ kind: 'control', type: 'ack', value: seq }), mode);
      throw new VoiceCallError('VOICE_REFUSED', `the IVR refused the request (code ${refused})`);
    }
    const response = await this.decodeReply(reply, counter);
    this.transmit(encodeFrame({ kind: 'control', type: 'ack', value: seq }), mode);
    return { response, mode, attempts: state.attempts, retransmissions: state.retransmissions };
  }

  /** Lets queued audio finish playing, then ends the call. */
  async hangUp(): Promise<void> {
    while (this.options.clock.nowMs() < this.playingUntilMs) {
      if ((await this.options.link.receive()) === undefined) break;
    }
    this.options.link.hangUp();
  }

  private async negotiate(): Promise<VoiceMode> {
    const { dtmf, fsk } = this.options.modems;
    if (!fsk) return 'dtmf';
    const hello = encodeFrame(helloFrame(['dtmf', 'fsk']));
    for (let attempt = 0; attempt < this.options.setupAttempts; attempt++) {
      this.transmit(hello, dtmf.mode);
      const deadline = this.playingUntilMs + this.options.setupTimeoutMs;
      while (this.options.clock.nowMs() < deadline) {
        for (const heard of await this.listen()) {
          const f = heard.parsed.kind === 'frame' ? heard.parsed.frame : undefined;
          if (f?.kind === 'control' && f.type === 'select') return selectedMode(f) ?? 'dtmf';
        }
      }
    }
    return 'dtmf';
  }

  private async runArq(frame: string, mode: VoiceMode, seq: number) {
    const config = this.options.arq;
    let { state, action } = arqStart();
    let reply: string | undefined;
    const apply = (event: ArqEvent): void => {
      ({ state, action } = arqStep(state, event, config));
      if (action === 'transmit') this.transmit(frame, mode);
    };
    this.transmit(frame, mode);
    while (!isFinal(action)) {
      const heard = await this.listen();
      const now = this.options.clock.nowMs();
      if (state.phase === 'transmitting' && now >= this.playingUntilMs)
        apply({ type: 'transmitted', nowMs: now });
      for (const h of heard) {
        const event = replyEvent(h, seq);
        if (event?.type === 'reply' && h.parsed.kind === 'frame' && h.parsed.frame.kind === 'data')
          reply = h.parsed.frame.payload;
        if (event && !isFinal(action)) apply(event);
      }
      if (!isFinal(action) && !this.receiver.inFrame) apply({ type: 'tick', nowMs: now });
    }
    return { state: state as ArqState, reply: action === 'succeed' ? reply : undefined };
  }

  /** With encryption, only a reply sealed under the request's own counter is believed. */
  private async decodeReply(payload: string, counter: number | undefined): Promise<Response> {
    try {
      const opened = await openPayload(payload, this.options.encryption?.cipher);
      if (opened.counter !== counter)
        throw new DecodeError('VOICE_WRONG_COUNTER', 1, 'reply sealed under another counter');
      return decodeKeypadResponse(this.options.table, opened.keypad);
    } catch (error) {
      if (error instanceof DecodeError) throw new VoiceCallError('VOICE_BAD_REPLY', error.message);
      throw error;
    }
  }

  private transmit(symbols: string, mode: VoiceMode): void {
    const modem =
      mode === 'fsk' && this.options.modems.fsk
        ? this.options.modems.fsk
        : this.options.modems.dtmf;
    const audio = modem.modulate(symbols);
    const start = Math.max(this.options.clock.nowMs(), this.playingUntilMs);
    this.playingUntilMs = start + (audio.length / this.options.sampleRate) * 1000;
    this.options.link.send(audio);
  }

  private async listen(): Promise<HeardFrame[]> {
    const block = await this.options.link.receive();
    if (block === undefined) throw new VoiceCallError('VOICE_HUNG_UP', 'the call ended');
    return this.receiver.push(block);
  }
}

function isFinal(action: ArqAction): boolean {
  return action === 'succeed' || action === 'fail';
}

function replyEvent(heard: HeardFrame, seq: number): ArqEvent | undefined {
  if (heard.parsed.kind === 'damaged') return { type: 'damaged' };
  const frame: Frame = heard.parsed.frame;
  if (frame.kind === 'data') return frame.seq === seq ? { type: 'reply' } : undefined;
  if (frame.type === 'nak') return { type: 'nak' };
  return undefined;
}
