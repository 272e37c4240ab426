import { describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import { BELL_202 } from '../../../modem/fsk/fsk-profile.ts';
import { VoiceClient } from '../../../modem/voice/client.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import { aesPayloadCipher, type VoiceKeys } from '../../../modem/voice/payload-cipher-aes.ts';
import type { Request, Response } from '../../../modem/voice/request.ts';
import { SimulatedCall } from '../../../modem/voice/simulated-call.ts';
import { fskModem, type SymbolModem } from '../../../modem/voice/symbol-modem.ts';
import { encodeFrame } from '../../../modem/framing/frame.ts';
import { sealPayload } from '../../../modem/voice/payload-codec.ts';
import { VoiceReceiver } from '../../../modem/voice/voice-receiver.ts';
import { fromHex } from '../../../protocol/bytes/index.ts';
import { runIvrCall } from '../../../server/ivr/ivr-call.ts';
import { IvrDecoder } from '../../../server/ivr/ivr-decoder.ts';
import type { IvrEvent, IvrLimits } from '../../../server/ivr/ivr-types.ts';
import { DEFAULT_CALL_ARQ } from '../../../server/ivr/voice-loopback.ts';
import { loadFixtureTable } from './table-fixture.ts';

const RATE = 8000;
const table = loadFixtureTable();
const engine = new NodeBlockCipherEngine();
const dtmf = dtmfModem({ sampleRate: RATE });
const fsk = fskModem({ sampleRate: RATE, profile: BELL_202, amplitude: 0.2 });
const adaptorKeys: VoiceKeys = {
  kic: fromHex('8f1a2b3c4d5e6f708192a3b4c5d6e7f8'),
  kid: fromHex('0f1e2d3c4b5a69788796a5b4c3d2e1f0'),
};
const otherKeys: VoiceKeys = {
  kic: fromHex('00112233445566778899aabbccddeeff'),
  kid: fromHex('ffeeddccbbaa99887766554433221100'),
};
const payRequest: Request = {
  commandId: 10,
  params: { 1: '4400000001', 2: '4400000002', 3: 1999, 4: 'PIN' },
};

interface CallSetup {
  readonly caller: { keys: VoiceKeys; sends: 'request' | 'response' };
  readonly modems?: { readonly dtmf: SymbolModem; readonly fsk?: SymbolModem };
  readonly firstCounter?: number;
  readonly ivrLimits?: Partial<IvrLimits>;
}

/** One call: a caller holding its keys, the simulated line, and the IVR holding the adaptor's keys. */
async function encryptedCall(setup: CallSetup, requests: readonly Request[]) {
  const call = new SimulatedCall({ sampleRate: RATE, maxFrames: 6000 });
  const executed: Request[] = [];
  const ivr = new IvrDecoder({
    table,
    sampleRate: RATE,
    modems: { dtmf, fsk },
    cipher: aesPayloadCipher({ engine, keys: adaptorKeys, sends: 'response' }),
    ...(setup.ivrLimits ? { limits: setup.ivrLimits } : {}),
    processRequest: async (r): Promise<Response> => {
      executed.push(r);
      return { responseId: 11, params: { 1: '0', 2: String(r.params[3]) } };
    },
  });
  const events: IvrEvent[] = [];
  const served = runIvrCall(call.callee, ivr, RATE, (e) => events.push(e));
  let counter = setup.firstCounter ?? 1;
  const client = new VoiceClient({
    table,
    sampleRate: RATE,
    link: call.caller,
    clock: call.caller,
    modems: setup.modems ?? { dtmf, fsk },
    arq: DEFAULT_CALL_ARQ,
    setupAttempts: 3,
    setupTimeoutMs: 1500,
    encryption: {
      cipher: aesPayloadCipher({ engine, ...setup.caller }),
      nextCounter: () => counter++,
    },
  });
  const responses: Response[] = [];
  let error: unknown;
  try {
    for (const request of requests) responses.push(await client.sendRequest(request));
  } catch (caught) {
    error = caught;
  }
  await client.hangUp();
  return { responses, error, executed, events, outcome: await served };
}

/** A caller that encrypts, against a far end answering every data frame with `payload`. */
async function forgedReply(payload: string) {
  const call = new SimulatedCall({ sampleRate: RATE, maxFrames: 3000 });
  const farEnd = (async () => {
    const receiver = new VoiceReceiver([dtmf], RATE);
    for (let block = await call.callee.receive(); block; block = await call.callee.receive()) {
      for (const heard of receiver.push(block)) {
        const frame = heard.parsed.kind === 'frame' ? heard.parsed.frame : undefined;
        if (frame?.kind === 'data')
          call.callee.send(dtmf.modulate(encodeFrame({ kind: 'data', seq: frame.seq, payload })));
      }
    }
  })();
  const client = new VoiceClient({
    table,
    sampleRate: RATE,
    link: call.caller,
    clock: call.caller,
    modems: { dtmf },
    arq: DEFAULT_CALL_ARQ,
    setupAttempts: 1,
    setupTimeoutMs: 1500,
    encryption: {
      cipher: aesPayloadCipher({ engine, keys: adaptorKeys, sends: 'request' }),
      nextCounter: () => 31,
    },
  });
  const outcome = await client.sendRequest(payRequest).then(
    (response) => ({ response }),
    (error: unknown) => ({ error }),
  );
  await client.hangUp();
  await farEnd;
  return outcome;
}

describe('a caller that encrypts believes only replies sealed for its request', () => {
  it('refuses a forged plain reply as a bad reply, never as a Response', async () => {
    expect(await forgedReply('11*010*021999')).toEqual({
      error: expect.objectContaining({ code: 'VOICE_BAD_REPLY' }),
    });
  });

  it('refuses a genuine reply sealed under another counter (a replayed old reply)', async () => {
    const ivrCipher = aesPayloadCipher({ engine, keys: adaptorKeys, sends: 'response' });
    const old = await sealPayload('11*010*021999#', { cipher: ivrCipher, counter: 30 });
    const result = await forgedReply(old);
    expect(result).toEqual({ error: expect.objectContaining({ code: 'VOICE_BAD_REPLY' }) });
    expect(String((result as { error: unknown }).error)).toContain('VOICE_WRONG_COUNTER');
  });

  it('reports the unauthenticated refusal as refused, with its code', async () => {
    expect(await forgedReply('**409')).toEqual({
      error: expect.objectContaining({
        code: 'VOICE_REFUSED',
        message: expect.stringContaining('409'),
      }),
    });
  });
});

describe('encrypted voice call end to end (AES payload cipher, simulated line, IVR)', () => {
  it('carries encrypted requests over FSK and their encrypted responses back', async () => {
    const second: Request = { ...payRequest, params: { ...payRequest.params, 3: 250 } };
    const result = await encryptedCall(
      { caller: { keys: adaptorKeys, sends: 'request' }, firstCounter: 700 },
      [payRequest, second],
    );
    expect(result.executed).toEqual([payRequest, second]);
    expect(result.responses).toEqual([
      { responseId: 11, params: { 1: '0', 2: '1999' } },
      { responseId: 11, params: { 1: '0', 2: '250' } },
    ]);
    expect(result.events.map((e) => e.type)).toEqual([
      'hello',
      'request',
      'response',
      'ack',
      'request',
      'response',
      'ack',
    ]);
    expect(result.events[1]).toMatchObject({ mode: 'fsk' });
    expect(result.outcome).toMatchObject({ kind: 'completed', requests: 2 });
  });

  it('carries the longest payRequest of the table over FSK', async () => {
    const longest: Request = {
      commandId: 10,
      params: {
        1: '1234567890123456789',
        2: '9876543210987654321',
        3: 999_999_999_999,
        4: 'ABCDEFGHIJKL',
        5: 'REF 2026/11-23:A',
      },
    };
    const result = await encryptedCall({ caller: { keys: adaptorKeys, sends: 'request' } }, [
      longest,
    ]);
    expect(result.executed).toEqual([longest]);
    expect(result.responses[0]?.params[2]).toBe('999999999999');
  });

  it('carries an encrypted payRequest over DTMF when the caller has no FSK', async () => {
    // The sealed reply plays for about 10 s in DTMF, as long as the IVR's default silence limit:
    // the IVR does not time silence while it is playing.
    const result = await encryptedCall(
      { caller: { keys: adaptorKeys, sends: 'request' }, modems: { dtmf } },
      [payRequest],
    );
    expect(result.executed).toEqual([payRequest]);
    expect(result.responses).toEqual([{ responseId: 11, params: { 1: '0', 2: '1999' } }]);
    expect(result.events.find((e) => e.type === 'request')).toMatchObject({ mode: 'dtmf' });
    expect(result.outcome.kind).toBe('completed');
  });

  it('refuses a caller with another adaptor’s keys: unauthenticated refusal, nothing executed', async () => {
    const result = await encryptedCall({ caller: { keys: otherKeys, sends: 'request' } }, [
      payRequest,
    ]);
    expect(result.executed).toEqual([]);
    expect(result.events).toContainEqual({ type: 'bad-request', code: 'VOICE_BAD_CHECKSUM' });
    expect(result.events).toContainEqual({ type: 'refused', seq: 0, code: 400 });
    expect(result.responses).toEqual([]);
    expect(result.error).toMatchObject({ name: 'VoiceCallError', code: 'VOICE_REFUSED' });
    expect(result.outcome.requests).toBe(0);
  });

  it('refuses a payload sealed as a response when it arrives as a request', async () => {
    const result = await encryptedCall({ caller: { keys: adaptorKeys, sends: 'response' } }, [
      payRequest,
    ]);
    expect(result.executed).toEqual([]);
    expect(result.events).toContainEqual({ type: 'bad-request', code: 'VOICE_BAD_CHECKSUM' });
    expect(result.error).toMatchObject({ code: 'VOICE_REFUSED' });
  });
});
