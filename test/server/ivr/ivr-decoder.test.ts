import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../../modem/framing/frame.ts';
import { BELL_202 } from '../../../modem/fsk/fsk-profile.ts';
import { encodeKeypadRequest } from '../../../modem/keypad/keypad-codec.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import { errorTone } from '../../../modem/voice/error-tone.ts';
import type { Request, Response } from '../../../modem/voice/request.ts';
import { fskModem, type SymbolModem } from '../../../modem/voice/symbol-modem.ts';
import { VoiceReceiver } from '../../../modem/voice/voice-receiver.ts';
import { IvrDecoder } from '../../../server/ivr/ivr-decoder.ts';
import type { IvrEvent, IvrStep } from '../../../server/ivr/ivr-types.ts';
import { loadFixtureTable } from '../../modem/voice/table-fixture.ts';

const RATE = 8000;
const FRAME = 160;
const table = loadFixtureTable();
const dtmf = dtmfModem({ sampleRate: RATE });
const fsk = fskModem({ sampleRate: RATE, profile: BELL_202, amplitude: 0.3 });
const payRequest: Request = { commandId: 10, params: { 1: '1234567890', 2: '555', 3: 2500 } };

function frameOf(request: Request, seq = 0): string {
  return encodeFrame({
    kind: 'data',
    seq,
    payload: encodeKeypadRequest(table, request).slice(0, -1),
  });
}

/** Feeds audio then silence to a decoder, 20 ms at a time, until it ends or `ms` have passed. */
async function feed(decoder: IvrDecoder, audio: Float32Array, ms: number) {
  const steps: IvrStep[] = [];
  const total = Math.max(audio.length, (ms / 1000) * RATE);
  for (let at = 0; at < total; at += FRAME) {
    const block = new Float32Array(FRAME);
    block.set(audio.subarray(at, Math.min(at + FRAME, audio.length)));
    const step = await decoder.push(block);
    steps.push(step);
    if (step.end) break;
  }
  const events: IvrEvent[] = steps.flatMap((s) => s.events);
  const played = steps.flatMap((s) => (s.play ? [s.play] : []));
  return { events, played, end: steps.at(-1)?.end };
}

function heard(modems: SymbolModem[], audio: Float32Array[]) {
  const receiver = new VoiceReceiver(modems, RATE);
  return audio.flatMap((a) => receiver.push(a)).concat(receiver.push(new Float32Array(RATE)));
}

function decoder(
  processRequest = async (_: Request): Promise<Response> => ({
    responseId: 11,
    params: { 1: '0', 2: '77' },
  }),
) {
  return new IvrDecoder({
    table,
    sampleRate: RATE,
    modems: { dtmf, fsk },
    processRequest,
    limits: { silenceTimeoutMs: 3000 },
  });
}

describe('IVR decoder', () => {
  it('answers HELLO with SELECT fsk, in DTMF', async () => {
    const { events, played } = await feed(
      decoder(),
      dtmf.modulate(encodeFrame({ kind: 'control', type: 'hello', value: 3 })),
      600,
    );
    expect(events).toContainEqual({ type: 'hello', offered: ['dtmf', 'fsk'], selected: 'fsk' });
    expect(heard([dtmf], played)[0]?.parsed).toEqual({
      kind: 'frame',
      frame: { kind: 'control', type: 'select', value: 2 },
    });
  });

  it('turns a DTMF request frame into a Request and plays the Response in DTMF', async () => {
    const seen: Request[] = [];
    const ivr = decoder(async (r) => {
      seen.push(r);
      return { responseId: 11, params: { 1: '0', 2: '77' } };
    });
    const { events, played } = await feed(ivr, dtmf.modulate(frameOf(payRequest, 4)), 500);
    expect(seen).toEqual([payRequest]);
    expect(events).toContainEqual({
      type: 'response',
      seq: 4,
      response: { responseId: 11, params: { 1: '0', 2: '77' } },
    });
    const reply = heard([dtmf], played)[0];
    expect(reply?.mode).toBe('dtmf');
    expect(reply?.parsed).toMatchObject({
      kind: 'frame',
      frame: { kind: 'data', seq: 4, payload: '11*010*0277' },
    });
  });

  it('answers an FSK frame in FSK, replays its reply to a duplicate without a second processRequest, completes on ACK then hang-up', async () => {
    let calls = 0;
    const ivr = decoder(async () => {
      calls++;
      return { responseId: 11, params: { 1: '0' } };
    });
    const first = await feed(ivr, fsk.modulate(frameOf(payRequest, 1)), 200);
    const again = await feed(ivr, fsk.modulate(frameOf(payRequest, 1)), 200);
    expect(calls).toBe(1);
    expect(again.events).toContainEqual({ type: 'duplicate', seq: 1, mode: 'fsk' });
    expect(heard([fsk], again.played)[0]?.parsed).toEqual(heard([fsk], first.played)[0]?.parsed);
    const done = await feed(
      ivr,
      fsk.modulate(encodeFrame({ kind: 'control', type: 'ack', value: 1 })),
      200,
    );
    expect(done.events).toContainEqual({ type: 'ack', seq: 1 });
    expect(done.end).toBeUndefined();
    expect(ivr.hangUp()).toMatchObject({ kind: 'completed', requests: 1 });
    expect(await ivr.push(new Float32Array(FRAME))).toMatchObject({ end: { kind: 'completed' } });
  });

  it('NAKs a damaged frame', async () => {
    const damaged = frameOf(payRequest, 2).replace('1234567890', '1234567891');
    const { events, played } = await feed(decoder(), dtmf.modulate(damaged), 500);
    expect(events).toContainEqual({ type: 'damaged', mode: 'dtmf', code: 'FRAME_BAD_CRC' });
    expect(heard([dtmf], played)[0]?.parsed).toEqual({
      kind: 'frame',
      frame: { kind: 'control', type: 'nak', value: 2 },
    });
  });

  it('answers a well-framed but unknown command with errorResponse 400, and a failing application with 500', async () => {
    const unknown = encodeFrame({ kind: 'data', seq: 0, payload: '77*01123' });
    const bad = await feed(decoder(), dtmf.modulate(unknown), 300);
    expect(bad.events).toContainEqual({ type: 'bad-request', code: 'KEYPAD_UNKNOWN_ID' });
    expect(bad.events).toContainEqual({
      type: 'response',
      seq: 0,
      response: { responseId: 90, params: { 1: '400' } },
    });
    const failing = await feed(
      decoder(async () => Promise.reject(new Error('ledger down'))),
      fsk.modulate(frameOf(payRequest)),
      200,
    );
    expect(failing.events).toContainEqual({
      type: 'response',
      seq: 0,
      response: { responseId: 90, params: { 1: '500' } },
    });
  });

  it('answers the unauthenticated refusal 400 to an encrypted request when it holds no key', async () => {
    const sealed = encodeFrame({ kind: 'data', seq: 0, payload: '*1*001002003' });
    const { events, played } = await feed(decoder(), fsk.modulate(sealed), 200);
    expect(events).toContainEqual({ type: 'bad-request', code: 'VOICE_NO_KEY' });
    expect(events).toContainEqual({ type: 'refused', seq: 0, code: 400 });
    expect(heard([fsk], played)[0]?.parsed).toMatchObject({ frame: { payload: '**400' } });
  });

  it('ends a silent call with the error tone', async () => {
    const { end, played } = await feed(decoder(), new Float32Array(0), 5000);
    expect(end).toMatchObject({ kind: 'silence', requests: 0, atMs: 3000 });
    expect(played.at(-1)).toEqual(errorTone(RATE, 0.1));
  });

  it('does not time silence while it plays its own reply: the limit runs from the end of the reply', async () => {
    const ivr = new IvrDecoder({
      table,
      sampleRate: RATE,
      modems: { dtmf },
      processRequest: async () => ({ responseId: 11, params: { 1: '0', 2: '1234567890' } }),
      limits: { silenceTimeoutMs: 1000 },
    });
    const audio = dtmf.modulate(frameOf(payRequest));
    let replyEndsMs = 0;
    let end: IvrStep['end'];
    for (let at = 0; !end && at < RATE * 20; at += FRAME) {
      const block = new Float32Array(FRAME);
      block.set(audio.subarray(at, Math.min(at + FRAME, audio.length)));
      const step = await ivr.push(block);
      if (step.play && !step.end) replyEndsMs = ivr.nowMs + (step.play.length / RATE) * 1000;
      end = step.end;
    }
    expect(replyEndsMs - (audio.length / RATE) * 1000).toBeGreaterThan(1000);
    expect(end?.kind).toBe('silence');
    expect(end?.atMs).toBeGreaterThanOrEqual(replyEndsMs + 1000);
    expect(end?.atMs).toBeLessThan(replyEndsMs + 1000 + 20 + 1e-6);
  });

  it('ends a call of garbage: repeated damaged frames', async () => {
    const junk = dtmf.modulate('1234#'.repeat(20));
    const { end, events } = await feed(decoder(), junk, 20_000);
    expect(end?.kind).toBe('garbage');
    expect(events.filter((e) => e.type === 'damaged').length).toBe(16);
  });

  it('ends a call that has audio but no frame, and one that runs too long', async () => {
    const hum = Float32Array.from(
      { length: RATE * 4 },
      (_, n) => 0.1 * Math.sin((2 * Math.PI * 440 * n) / RATE),
    );
    const ivr = new IvrDecoder({
      table,
      sampleRate: RATE,
      modems: { dtmf },
      processRequest: async () => ({ responseId: 11, params: { 1: '0' } }),
      limits: { noFrameTimeoutMs: 2000 },
    });
    expect((await feed(ivr, hum, 4000)).end).toMatchObject({ kind: 'no-request', atMs: 2000 });
    const long = new IvrDecoder({
      table,
      sampleRate: RATE,
      modems: { dtmf },
      processRequest: async () => ({ responseId: 11, params: { 1: '0' } }),
      limits: { callTimeoutMs: 1000 },
    });
    expect((await feed(long, hum, 4000)).end).toMatchObject({ kind: 'call-timeout', atMs: 1000 });
  });

  it('reports a hang-up', async () => {
    const ivr = decoder();
    await feed(ivr, new Float32Array(0), 100);
    expect(ivr.hangUp()).toMatchObject({ kind: 'caller-hung-up', requests: 0, atMs: 100 });
  });
});
