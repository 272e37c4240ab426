// The IVR side of the voice channel: consumes call audio in 20 ms frames as it arrives, answers call
// set-up, turns CRC-checked frames into Requests for processRequest, plays the Response back in the
// encoding the request came in, NAKs damaged frames, and ends the call cleanly on hang-up,
// silence, garbage or timeout (with the ITU-T E.180 error tone when it could not complete). With a
// cipher it runs only sealed requests whose counter its window accepts, and answers the rest with
// the unauthenticated refusal; silence is timed only while it is not playing audio itself. A data
// frame needs no set-up (a SIM adaptor's SEND DTMF cannot hear HELLO's answer), and the time
// frames (damaged ones too) were arriving does not count toward the no-request limit.
import { DecodeError } from '../../protocol/bytes/index.ts';
import { encodeFrame, type DataFrame } from '../../modem/framing/frame.ts';
import { decodeKeypadRequest, encodeKeypadResponse } from '../../modem/keypad/keypad-codec.ts';
import { chooseMode, helloModes, selectFrame } from '../../modem/voice/call-setup.ts';
import { findByName, type CommandTable } from '../../modem/voice/command-table.ts';
import { errorTone } from '../../modem/voice/error-tone.ts';
import type { PayloadCipher } from '../../modem/voice/payload-cipher.ts';
import {
  asciiBytes,
  openPayload,
  refusalPayload,
  sealPayload,
  type RefusalCode,
} from '../../modem/voice/payload-codec.ts';
import type { Request, Response } from '../../modem/voice/request.ts';
import type { SymbolModem, VoiceMode } from '../../modem/voice/symbol-modem.ts';
import { VoiceReceiver, type HeardFrame } from '../../modem/voice/voice-receiver.ts';
import { IvrCounterCheck, MemoryIvrCounterStore, type IvrCounterOptions } from './ivr-counters.ts';
import { keypadTolerantDtmf } from './keypad-dtmf.ts';
import {
  DEFAULT_IVR_LIMITS,
  type IvrEvent,
  type IvrLimits,
  type IvrOutcome,
  type IvrStep,
} from './ivr-types.ts';
import { concatSamples } from '../../modem/samples.ts';

/** What the IVR needs: the table, the encodings, and the application's processRequest. */
export interface IvrOptions {
  readonly table: CommandTable;
  readonly sampleRate: number;
  readonly modems: { readonly dtmf: SymbolModem; readonly fsk?: SymbolModem };
  readonly processRequest: (request: Request) => Promise<Response>;
  readonly cipher?: PayloadCipher;
  /** The caller's counter window; without it, a window kept for this call only. */
  readonly counters?: IvrCounterOptions;
  readonly limits?: Partial<IvrLimits>;
  /** Peak amplitude of the error tone (full scale = 1). */
  readonly errorToneAmplitude?: number;
}

/** One call's decoder; time is the audio pushed so far. */
export class IvrDecoder {
  private readonly receiver: VoiceReceiver;
  private readonly limits: IvrLimits;
  private readonly errorResponseId: number;
  private readonly counterCheck: IvrCounterCheck;
  private samples = 0;
  private playingMs = 0;
  private lastSignalMs = 0;
  private lastFrameMs = 0;
  /** Time since the last valid frame during which a frame was arriving, in ms. */
  private arrivingMs = 0;
  private damagedInARow = 0;
  private requests = 0;
  private last: { seq: number; frame: string; mode: VoiceMode; acked: boolean } | undefined;
  private outcome: IvrOutcome | undefined;

  constructor(private readonly options: IvrOptions) {
    const { fsk } = options.modems;
    const dtmf = keypadTolerantDtmf(options.modems.dtmf, options.sampleRate);
    this.receiver = new VoiceReceiver(fsk ? [dtmf, fsk] : [dtmf], options.sampleRate);
    this.limits = { ...DEFAULT_IVR_LIMITS, ...options.limits };
    const error = findByName(options.table, 'errorResponse');
    if (error?.kind !== 'response') throw new RangeError('the command table has no errorResponse');
    this.errorResponseId = error.spec.id;
    this.counterCheck = new IvrCounterCheck(
      options.counters ?? {
        store: new MemoryIvrCounterStore(),
        callerId: 'caller',
        initialCounter: 'first-seen',
      },
    );
  }

  /** Call time at which the audio the IVR has answered so far ends, in ms. */
  get playingUntilMs(): number {
    return this.playingMs;
  }

  /** Call time so far, in ms. */
  get nowMs(): number {
    return (this.samples / this.options.sampleRate) * 1000;
  }

  /** Feeds one frame of call audio; returns audio to play, what happened, and the end if it came. */
  async push(block: Float32Array): Promise<IvrStep> {
    const step = await this.step(block);
    if (step.play) {
      const ms = (step.play.length / this.options.sampleRate) * 1000;
      this.playingMs = Math.max(this.playingMs, this.nowMs) + ms;
    }
    return step;
  }

  private async step(block: Float32Array): Promise<IvrStep> {
    if (this.outcome) return { events: [], end: this.outcome };
    this.samples += block.length;
    if (meanSquare(block) >= this.limits.signalPower) this.lastSignalMs = this.nowMs;
    const events: IvrEvent[] = [];
    const play: Float32Array[] = [];
    const wasInFrame = this.receiver.inFrame;
    const heardFrames = this.receiver.push(block);
    if (wasInFrame || this.receiver.inFrame)
      this.arrivingMs += (block.length / this.options.sampleRate) * 1000;
    for (const heard of heardFrames) {
      await this.handle(heard, events, play);
      const ended = this.outcome as IvrOutcome | undefined;
      if (ended) return { play: concat(play), events, end: ended };
    }
    const failure = this.checkTimers();
    if (failure) return this.fail(failure, events, play);
    return { play: concat(play), events };
  }

  /** The caller hung up: `completed` when every reply had been acknowledged. */
  hangUp(): IvrOutcome {
    const kind = this.last?.acked ? 'completed' : 'caller-hung-up';
    this.outcome ??= { kind, requests: this.requests, atMs: this.nowMs };
    return this.outcome;
  }

  private checkTimers(): IvrOutcome['kind'] | undefined {
    const now = this.nowMs;
    if (now >= this.limits.callTimeoutMs) return 'call-timeout';
    const quietSince = Math.max(this.lastSignalMs, this.playingMs);
    if (now - quietSince >= this.limits.silenceTimeoutMs) return 'silence';
    if (now - this.lastFrameMs - this.arrivingMs >= this.limits.noFrameTimeoutMs)
      return 'no-request';
    return undefined;
  }

  private fail(kind: IvrOutcome['kind'], events: IvrEvent[], play: Float32Array[]): IvrStep {
    this.outcome = { kind, requests: this.requests, atMs: this.nowMs };
    play.push(errorTone(this.options.sampleRate, this.options.errorToneAmplitude ?? 0.1));
    return { play: concat(play), events, end: this.outcome };
  }

  private async handle(heard: HeardFrame, events: IvrEvent[], play: Float32Array[]): Promise<void> {
    const { mode, parsed } = heard;
    if (parsed.kind === 'damaged') {
      events.push({ type: 'damaged', mode, code: parsed.code });
      if (++this.damagedInARow >= this.limits.garbageLimit) {
        this.fail('garbage', events, play);
        return;
      }
      const seq = /^\d/.test(parsed.symbols) ? Number(parsed.symbols[0]) : 0;
      play.push(
        this.modem(mode).modulate(encodeFrame({ kind: 'control', type: 'nak', value: seq })),
      );
      return;
    }
    this.damagedInARow = 0;
    this.lastFrameMs = this.nowMs;
    this.arrivingMs = 0;
    const frame = parsed.frame;
    if (frame.kind === 'data') return this.answer(frame, mode, events, play);
    if (frame.type === 'hello') {
      const offered = helloModes(frame.value);
      const selected = chooseMode(offered, this.options.modems.fsk ? ['dtmf', 'fsk'] : ['dtmf']);
      events.push({ type: 'hello', offered, selected });
      play.push(this.options.modems.dtmf.modulate(encodeFrame(selectFrame(selected))));
    } else if (frame.type === 'ack' && this.last?.seq === frame.value && !this.last.acked) {
      events.push({ type: 'ack', seq: frame.value });
      this.last = { ...this.last, acked: true };
    }
  }

  private async answer(
    frame: DataFrame,
    mode: VoiceMode,
    events: IvrEvent[],
    play: Float32Array[],
  ) {
    if (this.last?.seq === frame.seq) {
      events.push({ type: 'duplicate', seq: frame.seq, mode });
      play.push(this.modem(mode).modulate(this.last.frame));
      return;
    }
    const { payload, response, refused } = await this.replyTo(frame.payload, events, mode);
    const reply = encodeFrame({ kind: 'data', seq: frame.seq, payload });
    this.last = { seq: frame.seq, frame: reply, mode, acked: false };
    if (response) events.push({ type: 'response', seq: frame.seq, response });
    if (refused) events.push({ type: 'refused', seq: frame.seq, code: refused });
    play.push(this.modem(mode).modulate(reply));
  }

  /** The reply payload to a request payload: plain, sealed, repeated or the refusal. */
  private async replyTo(payload: string, events: IvrEvent[], mode: VoiceMode): Promise<Reply> {
    let opened: { readonly keypad: string; readonly counter?: number };
    try {
      opened = await openPayload(payload, this.options.cipher);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      events.push({ type: 'bad-request', code: error.code });
      return refusal(400);
    }
    const { keypad, counter } = opened;
    const cipher = this.options.cipher;
    if (counter === undefined || !cipher) {
      const response = await this.execute(keypad, events, mode);
      return {
        payload: await sealPayload(encodeKeypadResponse(this.options.table, response)),
        response,
      };
    }
    const gate = await this.counterCheck.check(counter, asciiBytes(payload));
    if (gate.kind === 'repeat') {
      events.push({ type: 'retransmission', counter });
      return { payload: gate.payload };
    }
    if (gate.kind === 'refuse') {
      events.push({ type: 'counter-refused', counter, reason: gate.reason });
      return refusal(409);
    }
    const response = await this.execute(keypad, events, mode);
    const keypadReply = encodeKeypadResponse(this.options.table, response);
    const sealed = await sealPayload(keypadReply, { cipher, counter });
    await this.counterCheck.recordReply(counter, sealed);
    return { payload: sealed, response };
  }

  private async execute(keypad: string, events: IvrEvent[], mode: VoiceMode): Promise<Response> {
    let request: Request;
    try {
      request = decodeKeypadRequest(this.options.table, keypad);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      events.push({ type: 'bad-request', code: error.code });
      return this.errorResponse(400);
    }
    this.requests++;
    events.push({ type: 'request', request, mode });
    try {
      return await this.options.processRequest(request);
    } catch {
      return this.errorResponse(500);
    }
  }

  private errorResponse(code: number): Response {
    return { responseId: this.errorResponseId, params: { 1: String(code) } };
  }

  private modem(mode: VoiceMode): SymbolModem {
    return mode === 'fsk' && this.options.modems.fsk
      ? this.options.modems.fsk
      : this.options.modems.dtmf;
  }
}

/** A reply payload, with the Response it carries or the refusal code it is. */
interface Reply {
  readonly payload: string;
  readonly response?: Response;
  readonly refused?: RefusalCode;
}

function refusal(code: RefusalCode): Reply {
  return { payload: refusalPayload(code), refused: code };
}

function meanSquare(block: Float32Array): number {
  let sum = 0;
  for (const x of block) sum += x * x;
  return block.length > 0 ? sum / block.length : 0;
}

/** The audio to play, or none when nothing was queued. */
function concat(parts: readonly Float32Array[]): Float32Array | undefined {
  return parts.length === 0 ? undefined : concatSamples(parts);
}
