// The IVR and a caller that cannot listen (the SIM adaptor's SEND DTMF, TS 102 223 §6.4.24): a
// sealed frame arriving without call set-up runs, and a first copy damaged on the line after more
// than the 30 s no-request limit of keying does not end the call before the second copy runs.
import { describe, expect, it } from 'vitest';
import { voiceRequestFrame } from '../../../firmware-sim/adaptor/voice-frame.ts';
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import { aesPayloadCipher } from '../../../modem/voice/payload-cipher-aes.ts';
import type { Request } from '../../../modem/voice/request.ts';
import { fromHex } from '../../../protocol/bytes/index.ts';
import { IvrDecoder } from '../../../server/ivr/ivr-decoder.ts';
import type { IvrEvent, IvrOutcome } from '../../../server/ivr/ivr-types.ts';
import { loadFixtureTable } from '../../modem/voice/table-fixture.ts';

const RATE = 8000;
const BLOCK = 160;
const engine = new NodeBlockCipherEngine();
const KEYS = { kic: '000102030405060708090a0b0c0d0e0f', kid: '101112131415161718191a1b1c1d1e1f' };
const table = loadFixtureTable();
const KEYPAD = '10*0114085550041*0214085550042*031500*0401010101#';
const tones = (digits: string) =>
  generateDtmf(digits, { sampleRate: RATE, toneMs: 100, gapMs: 70, levelDbm0: -10 });

/** Plays `audio` into a fresh IVR block by block; what it ran, what happened, and how it ended. */
async function serve(audio: Float32Array) {
  const executed: Request[] = [];
  const decoder = new IvrDecoder({
    table,
    sampleRate: RATE,
    modems: { dtmf: dtmfModem({ sampleRate: RATE }) },
    cipher: aesPayloadCipher({
      engine,
      keys: { kic: fromHex(KEYS.kic), kid: fromHex(KEYS.kid) },
      sends: 'response',
    }),
    processRequest: async (request) => {
      executed.push(request);
      return { responseId: 11, params: { 1: '0', 2: '1' } };
    },
  });
  const events: IvrEvent[] = [];
  let end: IvrOutcome | undefined;
  for (let at = 0; at < audio.length && !end; at += BLOCK) {
    const step = await decoder.push(audio.subarray(at, at + BLOCK));
    events.push(...step.events);
    end = step.end;
  }
  return { executed, events, end: end ?? decoder.hangUp() };
}

function join(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('IVR with a caller that cannot listen', () => {
  const frame = voiceRequestFrame(KEYPAD, { keys: KEYS, engine, counter: 9 });
  const pause = new Float32Array(RATE);

  it('keys a frame longer than the no-request limit', () => {
    expect((tones(frame).length / RATE) * 1000).toBeGreaterThan(30_000);
  });

  it('runs the second copy when the first was damaged, once, without set-up', async () => {
    const damaged = frame.slice(0, 20) + (frame[20] === '1' ? '2' : '1') + frame.slice(21);
    const { executed, events, end } = await serve(join(tones(damaged), pause, tones(frame), pause));
    expect(events.map((e) => e.type)).toEqual(['damaged', 'request', 'response']);
    expect(executed).toHaveLength(1);
    expect(end.kind).toBe('caller-hung-up');
  });

  it('runs two good copies once and answers the second from its stored reply', async () => {
    const { executed, events } = await serve(join(tones(frame), pause, tones(frame), pause));
    expect(events.map((e) => e.type)).toEqual(['request', 'response', 'duplicate']);
    expect(executed).toHaveLength(1);
  });

  it('still ends a call of noise-free silence with no frame after 10 s', async () => {
    const { end } = await serve(new Float32Array(RATE * 40));
    expect(end.kind).toBe('silence');
  });
});
