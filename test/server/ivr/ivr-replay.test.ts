import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../../modem/framing/frame.ts';
import { encodeKeypadRequest } from '../../../modem/keypad/keypad-codec.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import { sealPayload } from '../../../modem/voice/payload-codec.ts';
import type { Request, Response } from '../../../modem/voice/request.ts';
import { VoiceReceiver } from '../../../modem/voice/voice-receiver.ts';
import { MemoryIvrCounterStore, type IvrCounterStore } from '../../../server/ivr/ivr-counters.ts';
import { IvrDecoder } from '../../../server/ivr/ivr-decoder.ts';
import type { IvrEvent } from '../../../server/ivr/ivr-types.ts';
import { loadFixtureTable } from '../../modem/voice/table-fixture.ts';
import { xorTestCipher } from '../../modem/voice/test-cipher.ts';

const RATE = 8000;
const FRAME = 160;
const table = loadFixtureTable();
const dtmf = dtmfModem({ sampleRate: RATE });
const cipher = xorTestCipher(0x3c);
const payRequest: Request = { commandId: 10, params: { 1: '1234567890', 2: '555', 3: 2500 } };

async function sealedFrame(request: Request, counter: number, seq = 0): Promise<string> {
  const payload = await sealPayload(encodeKeypadRequest(table, request), { cipher, counter });
  return encodeFrame({ kind: 'data', seq, payload });
}

/** One call of the IVR holding the caller's key and `store`: plays `frame`, returns what happened. */
async function callWith(
  store: IvrCounterStore,
  frame: string,
  executed: Request[],
  callerId = 'adaptor-1',
) {
  const ivr = new IvrDecoder({
    table,
    sampleRate: RATE,
    modems: { dtmf },
    cipher,
    counters: { store, callerId },
    processRequest: async (r): Promise<Response> => {
      executed.push(r);
      return { responseId: 11, params: { 1: '0', 2: String(executed.length) } };
    },
  });
  const audio = dtmf.modulate(frame);
  const events: IvrEvent[] = [];
  const played: Float32Array[] = [];
  for (let at = 0; at < audio.length + RATE; at += FRAME) {
    const block = new Float32Array(FRAME);
    block.set(audio.subarray(at, Math.min(at + FRAME, audio.length)));
    const step = await ivr.push(block);
    events.push(...step.events);
    if (step.play) played.push(step.play);
  }
  const receiver = new VoiceReceiver([dtmf], RATE);
  const replies = played
    .flatMap((a) => receiver.push(a))
    .concat(receiver.push(new Float32Array(RATE)));
  const reply = replies[0]?.parsed;
  return {
    events,
    payload:
      reply?.kind === 'frame' && reply.frame.kind === 'data' ? reply.frame.payload : undefined,
  };
}

describe('IVR holding a key: sealed requests only, each counter run once', () => {
  it('refuses a plain request with the refusal 400 and runs nothing', async () => {
    const executed: Request[] = [];
    const plain = encodeFrame({
      kind: 'data',
      seq: 0,
      payload: encodeKeypadRequest(table, payRequest).slice(0, -1),
    });
    const { events, payload } = await callWith(new MemoryIvrCounterStore(), plain, executed);
    expect(executed).toEqual([]);
    expect(events).toContainEqual({ type: 'bad-request', code: 'VOICE_NOT_SEALED' });
    expect(events).toContainEqual({ type: 'refused', seq: 0, code: 400 });
    expect(payload).toBe('**400');
  });

  it('answers an exact retransmission in a later call with the stored reply, without running it again', async () => {
    const store = new MemoryIvrCounterStore();
    const executed: Request[] = [];
    const frame = await sealedFrame(payRequest, 5);
    const first = await callWith(store, frame, executed);
    const again = await callWith(store, frame, executed);
    expect(executed).toEqual([payRequest]);
    expect(first.payload).toMatch(/^\*5\*/);
    expect(again.payload).toBe(first.payload);
    expect(again.events).toContainEqual({ type: 'retransmission', counter: 5 });
    expect(again.events.some((e) => e.type === 'request')).toBe(false);
  });

  it('refuses a reused counter with other content, and a counter far ahead, with the refusal 409', async () => {
    const store = new MemoryIvrCounterStore();
    const executed: Request[] = [];
    await callWith(store, await sealedFrame(payRequest, 5), executed);
    const other: Request = { ...payRequest, params: { ...payRequest.params, 3: 9999 } };
    const reused = await callWith(store, await sealedFrame(other, 5), executed);
    expect(reused.events).toContainEqual({ type: 'counter-refused', counter: 5, reason: 'reused' });
    expect(reused.payload).toBe('**409');
    const ahead = await callWith(store, await sealedFrame(other, 5 + 1001), executed);
    expect(ahead.events).toContainEqual({
      type: 'counter-refused',
      counter: 1006,
      reason: 'too-far-ahead',
    });
    expect(ahead.payload).toBe('**409');
    expect(executed).toEqual([payRequest]);
  });

  it('keeps each caller apart: the same counter from another caller runs', async () => {
    const store = new MemoryIvrCounterStore();
    const executed: Request[] = [];
    const frame = await sealedFrame(payRequest, 5);
    await callWith(store, frame, executed);
    const second = await callWith(store, frame, executed, 'adaptor-2');
    expect(executed).toEqual([payRequest, payRequest]);
    expect(second.events.some((e) => e.type === 'retransmission')).toBe(false);
  });
});
