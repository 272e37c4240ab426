import { describe, expect, it } from 'vitest';
import { BELL_202 } from '../../../modem/fsk/fsk-profile.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import type { Request, Response } from '../../../modem/voice/request.ts';
import { fskModem } from '../../../modem/voice/symbol-modem.ts';
import { VoiceClient } from '../../../modem/voice/client.ts';
import { SimulatedCall } from '../../../modem/voice/simulated-call.ts';
import { IvrDecoder } from '../../../server/ivr/ivr-decoder.ts';
import { runIvrCall } from '../../../server/ivr/ivr-call.ts';
import type { IvrEvent } from '../../../server/ivr/ivr-types.ts';
import {
  callWithRequest,
  DEFAULT_CALL_ARQ,
  type LoopbackOptions,
} from '../../../server/ivr/voice-loopback.ts';
import { xorTestCipher } from '../../modem/voice/test-cipher.ts';
import { loadFixtureTable } from '../../modem/voice/table-fixture.ts';

const RATE = 8000;
const table = loadFixtureTable();
const dtmf = dtmfModem({ sampleRate: RATE });
const fsk = fskModem({ sampleRate: RATE, profile: BELL_202, amplitude: 0.2 });
const payRequest: Request = {
  commandId: 10,
  params: { 1: '4400000001', 2: '4400000002', 3: 1999, 4: 'PIN' },
};

function options(overrides: Partial<LoopbackOptions> = {}): LoopbackOptions {
  return {
    table,
    sampleRate: RATE,
    client: { dtmf, fsk },
    ivr: { dtmf, fsk },
    processRequest: async (request): Promise<Response> => ({
      responseId: 11,
      params: { 1: '0', 2: String(request.params[3]) },
    }),
    ...overrides,
  };
}

/**
 * A channel that silences frames `offsets` (counted from 0) of signal burst number `burst`; bursts are
 * runs of frames with signal separated by at least 4 silent frames (set-up is burst 0).
 */
function dropInBurst(burst: number, offsets: readonly number[]) {
  let bursts = -1;
  let quiet = Infinity;
  let offset = 0;
  return (s: Float32Array) => {
    const loud = s.some((x) => Math.abs(x) > 1e-4);
    if (loud && quiet >= 4) {
      bursts++;
      offset = 0;
    }
    quiet = loud ? 0 : quiet + 1;
    const drop = bursts === burst && offsets.includes(offset);
    offset++;
    return drop ? new Float32Array(s.length) : s;
  };
}

describe('voice call end to end (client, simulated line, IVR)', () => {
  it('negotiates FSK and completes a payRequest', async () => {
    const result = await callWithRequest(options(), payRequest);
    expect(result.exchange).toMatchObject({
      mode: 'fsk',
      attempts: 1,
      response: { responseId: 11, params: { 1: '0', 2: '1999' } },
    });
    expect(result.events.map((e) => e.type)).toEqual(['hello', 'request', 'response', 'ack']);
    expect(result.events[1]).toEqual({ type: 'request', request: payRequest, mode: 'fsk' });
    expect(result.outcome.kind).toBe('completed');
  });

  it('uses DTMF with a caller that has no FSK', async () => {
    const result = await callWithRequest(options({ client: { dtmf } }), payRequest);
    expect(result.exchange).toMatchObject({ mode: 'dtmf', attempts: 1 });
    expect(result.outcome.kind).toBe('completed');
  });

  it('settles on DTMF when the IVR has no FSK', async () => {
    const result = await callWithRequest(options({ ivr: { dtmf } }), payRequest);
    expect(result.events[0]).toEqual({ type: 'hello', offered: ['dtmf', 'fsk'], selected: 'dtmf' });
    expect(result.exchange).toMatchObject({ mode: 'dtmf', response: { params: { 2: '1999' } } });
  });

  it('encrypts the payload when both ends hold the key', async () => {
    const seen: Request[] = [];
    const result = await callWithRequest(
      options({
        cipher: xorTestCipher(7),
        counter: 1234,
        processRequest: async (r) => {
          seen.push(r);
          return { responseId: 11, params: { 1: '0', 2: '9' } };
        },
      }),
      payRequest,
    );
    expect(seen).toEqual([payRequest]);
    expect(result.exchange?.response).toEqual({ responseId: 11, params: { 1: '0', 2: '9' } });
  });

  it('resends a request whose frame was damaged on the way up', async () => {
    const result = await callWithRequest(options({ uplink: dropInBurst(1, [5, 6]) }), payRequest);
    expect(result.exchange).toMatchObject({
      attempts: 2,
      retransmissions: 1,
      response: { params: { 2: '1999' } },
    });
    expect(result.events.filter((e) => e.type === 'request')).toHaveLength(1);
  });

  it('resends when the reply is lost, and the IVR replays it without executing twice', async () => {
    let executed = 0;
    const result = await callWithRequest(
      options({
        downlink: dropInBurst(1, [3, 4, 5, 6]),
        processRequest: async () => {
          executed++;
          return { responseId: 11, params: { 1: '0' } };
        },
      }),
      payRequest,
    );
    expect(result.exchange?.retransmissions).toBeGreaterThanOrEqual(1);
    expect(executed).toBe(1);
    expect(result.events.some((e) => e.type === 'duplicate')).toBe(true);
  });

  it('gives up with VOICE_NO_REPLY after the bounded attempts when nothing gets through', async () => {
    const result = await callWithRequest(
      options({
        uplink: (s) => new Float32Array(s.length),
        arq: { maxAttempts: 3, replyTimeoutMs: 1000 },
        ivrLimits: { silenceTimeoutMs: 60_000, noFrameTimeoutMs: 60_000 },
      }),
      payRequest,
    );
    expect(result.error?.code).toBe('VOICE_NO_REPLY');
    expect(result.outcome.kind).toBe('caller-hung-up');
  });

  it('is cut by the IVR with the error tone when the IVR hears only silence', async () => {
    const result = await callWithRequest(
      options({ uplink: (s) => new Float32Array(s.length) }),
      payRequest,
    );
    expect(result.outcome).toMatchObject({ kind: 'silence', requests: 0, atMs: 10_000 });
    expect(result.error?.code).toBe('VOICE_HUNG_UP');
  });

  it('carries several requests in one call, with the sequence digit advancing', async () => {
    const call = new SimulatedCall({ sampleRate: RATE, maxFrames: 5000 });
    const ivr = new IvrDecoder({
      table,
      sampleRate: RATE,
      modems: { dtmf, fsk },
      processRequest: async (r) => ({ responseId: 21, params: { 1: '0', 2: Number(r.params[1]) } }),
    });
    const events: IvrEvent[] = [];
    const served = runIvrCall(call.callee, ivr, RATE, (e) => events.push(e));
    const client = new VoiceClient({
      table,
      sampleRate: RATE,
      link: call.caller,
      clock: call.caller,
      modems: { dtmf, fsk },
      arq: DEFAULT_CALL_ARQ,
      setupAttempts: 3,
      setupTimeoutMs: 1500,
    });
    expect(await client.sendRequest({ commandId: 20, params: { 1: '5' } })).toEqual({
      responseId: 21,
      params: { 1: '0', 2: 5 },
    });
    expect(await client.sendRequest({ commandId: 20, params: { 1: '6' } })).toEqual({
      responseId: 21,
      params: { 1: '0', 2: 6 },
    });
    await client.hangUp();
    expect(await served).toMatchObject({ kind: 'completed', requests: 2 });
    expect(events.filter((e) => e.type === 'hello')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ack')).toEqual([
      { type: 'ack', seq: 0 },
      { type: 'ack', seq: 1 },
    ]);
  });
});
