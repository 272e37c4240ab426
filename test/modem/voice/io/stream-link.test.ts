import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BELL_202 } from '../../../../modem/fsk/fsk-profile.ts';
import { VoiceClient } from '../../../../modem/voice/client.ts';
import { dtmfModem } from '../../../../modem/voice/dtmf-modem.ts';
import { StreamVoiceLink } from '../../../../modem/voice/io/stream-link.ts';
import { fskModem } from '../../../../modem/voice/symbol-modem.ts';
import { IvrDecoder } from '../../../../server/ivr/ivr-decoder.ts';
import { runIvrCall } from '../../../../server/ivr/ivr-call.ts';
import { loadFixtureTable } from '../table-fixture.ts';

const RATE = 8000;

describe('voice link over raw PCM streams', () => {
  it('clocks one frame out per frame in, starting with one frame of silence', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const link = new StreamVoiceLink(input, output, { sampleRate: RATE });
    expect((output.read() as Buffer).length).toBe(320);
    link.send(new Float32Array(200).fill(0.5));
    input.write(new Uint8Array(320));
    expect((await link.receive())?.length).toBe(160);
    expect(link.nowMs()).toBe(20);
    const played = output.read() as Buffer;
    expect(played.readInt16LE(0)).toBe(16384);
    input.end();
    expect(await link.receive()).toBeUndefined();
  });

  it('carries a whole payRequest call between two processes-worth of streams', async () => {
    const table = loadFixtureTable();
    const modems = {
      dtmf: dtmfModem({ sampleRate: RATE }),
      fsk: fskModem({ sampleRate: RATE, profile: BELL_202, amplitude: 0.2 }),
    };
    const up = new PassThrough();
    const down = new PassThrough();
    const caller = new StreamVoiceLink(down, up, { sampleRate: RATE });
    const callee = new StreamVoiceLink(up, down, { sampleRate: RATE });
    const ivr = new IvrDecoder({
      table,
      sampleRate: RATE,
      modems,
      processRequest: async (r) => ({ responseId: 11, params: { 1: '0', 2: String(r.params[3]) } }),
    });
    const served = runIvrCall(callee, ivr, RATE);
    const client = new VoiceClient({
      table,
      sampleRate: RATE,
      link: caller,
      clock: caller,
      modems,
      arq: { maxAttempts: 3, replyTimeoutMs: 1500 },
      setupAttempts: 3,
      setupTimeoutMs: 1500,
    });
    const request = { commandId: 10, params: { 1: '4400000001', 2: '4400000002', 3: 4321 } };
    expect(await client.exchange(request)).toMatchObject({
      mode: 'fsk',
      response: { params: { 2: '4321' } },
    });
    await client.hangUp();
    expect(await served).toMatchObject({ kind: 'completed', requests: 1 });
  });
});
