import { describe, expect, it } from 'vitest';
import { DtmfDetector } from '../../../modem/dtmf/dtmf-detector.ts';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { BELL_202 } from '../../../modem/fsk/fsk-profile.ts';
import { VoiceClient } from '../../../modem/voice/client.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import type { Request, Response } from '../../../modem/voice/request.ts';
import { fskModem } from '../../../modem/voice/symbol-modem.ts';
import { IvrDecoder } from '../../../server/ivr/ivr-decoder.ts';
import type { IvrLimits } from '../../../server/ivr/ivr-types.ts';
import { DEFAULT_CALL_ARQ } from '../../../server/ivr/voice-loopback.ts';
import { handsetVoicePort } from '../../../server/carrier/voice-ports.ts';
import {
  VoiceSwitch,
  type SwitchedCall,
  type VoiceSwitchOptions,
} from '../../../server/carrier/voice-switch.ts';
import { loadFixtureTable } from '../../modem/voice/table-fixture.ts';

const RATE = 8000;
const IVR = '+15559990000';
const CALLER = '+15550000001';
const table = loadFixtureTable();
const dtmf = dtmfModem({ sampleRate: RATE });
const fsk = fskModem({ sampleRate: RATE, profile: BELL_202, amplitude: 0.2 });
const payRequest: Request = {
  commandId: 10,
  params: { 1: '4400000001', 2: '4400000002', 3: 1999, 4: 'PIN' },
};
const BAD_LINE = { codec: 'mulaw', snrDb: 25, levelDb: -3 } as const;

function voiceSwitch(overrides: Partial<VoiceSwitchOptions> = {}, limits: Partial<IvrLimits> = {}) {
  const requests: Request[] = [];
  const sw = new VoiceSwitch({
    sampleRate: RATE,
    seed: 5,
    uplink: BAD_LINE,
    downlink: BAD_LINE,
    services: {
      [IVR]: {
        lines: 1,
        createDecoder: () =>
          new IvrDecoder({
            table,
            sampleRate: RATE,
            modems: { dtmf, fsk },
            limits,
            processRequest: async (request): Promise<Response> => {
              requests.push(request);
              return { responseId: 11, params: { 1: '0', 2: String(request.params[3]) } };
            },
          }),
      },
    },
    ...overrides,
  });
  return { sw, requests };
}

function connected(result: ReturnType<VoiceSwitch['dial']>): SwitchedCall {
  if (result.outcome !== 'connected') throw new Error(`not connected: ${result.outcome}`);
  return result.call;
}

async function pay(call: SwitchedCall, modems: { dtmf: typeof dtmf; fsk?: typeof fsk }) {
  const client = new VoiceClient({
    table,
    sampleRate: RATE,
    link: call.link,
    clock: call.link,
    modems,
    arq: DEFAULT_CALL_ARQ,
    setupAttempts: 5,
    setupTimeoutMs: 1500,
  });
  const exchange = await client.exchange(payRequest);
  await client.hangUp();
  return { exchange, record: await call.ended };
}

describe('voice switch (handset call to the IVR through the channel model)', () => {
  it('connects a call to the real IVR decoder over a noisy mu-law line, in DTMF and in FSK', async () => {
    for (const [modems, mode] of [
      [{ dtmf }, 'dtmf'],
      [{ dtmf, fsk }, 'fsk'],
    ] as const) {
      const { sw, requests } = voiceSwitch({ record: true });
      const { exchange, record } = await pay(connected(sw.dial(CALLER, IVR)), modems);
      expect(exchange.mode).toBe(mode);
      expect(exchange.response).toEqual({ responseId: 11, params: { 1: '0', 2: '1999' } });
      expect(requests).toEqual([payRequest]);
      expect(record.outcome.kind).toBe('completed');
      expect(record.clearedBy).toBe('caller');
      expect(record.events.map((e) => e.type)).toContain('request');
      const frames = Math.round(record.durationMs / 20);
      expect(record.recording?.uplink.length).toBe(frames * 160);
      expect(record.recording?.downlink.length).toBe(frames * 160);
    }
  });

  it('gives the same audio for the same seed and different noise for another', async () => {
    const run = async (seed: number) => {
      const { sw } = voiceSwitch({ seed, record: true });
      return (await pay(connected(sw.dial(CALLER, IVR)), { dtmf })).record.recording!;
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(Buffer.from(a.uplink.buffer).equals(Buffer.from(b.uplink.buffer))).toBe(true);
    expect(Buffer.from(a.downlink.buffer).equals(Buffer.from(b.downlink.buffer))).toBe(true);
    expect(Buffer.from(a.uplink.buffer).equals(Buffer.from(c.uplink.buffer))).toBe(false);
  });

  it('answers unknown numbers as unobtainable and a full IVR as busy until the call ends', async () => {
    const { sw } = voiceSwitch();
    expect(sw.dial(CALLER, '+15550000099')).toEqual({ outcome: 'unobtainable' });
    const call = connected(sw.dial(CALLER, IVR.slice(1)));
    expect(sw.activeCalls(IVR)).toBe(1);
    expect(sw.dial('+15550000002', IVR)).toEqual({ outcome: 'busy' });
    call.link.hangUp();
    await call.ended;
    expect(sw.activeCalls(IVR)).toBe(0);
    expect(sw.dial('+15550000002', IVR).outcome).toBe('connected');
  });

  it('lets the IVR hang up (silence) and the network clear a call', async () => {
    const { sw } = voiceSwitch({ uplink: {} }, { silenceTimeoutMs: 400 });
    const call = connected(sw.dial(CALLER, IVR));
    let frames = 0;
    while ((await call.link.receive()) !== undefined) frames++;
    const record = await call.ended;
    expect(record.outcome.kind).toBe('silence');
    expect(record.clearedBy).toBe('ivr');
    expect(frames).toBeGreaterThan(20);

    const second = connected(sw.dial(CALLER, IVR));
    second.hangUp();
    expect(await second.link.receive()).toBeUndefined();
    expect((await second.ended).clearedBy).toBe('network');
  });

  it('carries the handset port DTMF to the IVR side, where a Q.24 receiver hears the digits', async () => {
    const { sw } = voiceSwitch({ record: true, uplink: { codec: 'alaw' } });
    const toneAudio = (digits: string) =>
      generateDtmf(digits, { sampleRate: RATE, toneMs: 70, gapMs: 70, levelDbm0: -8 });
    const port = handsetVoicePort(sw, CALLER, { sampleRate: RATE, toneAudio, listenMs: 200 });
    await expect(port.dial('+15550000099')).rejects.toThrow('call to +15550000099: unobtainable');
    await port.dial(IVR);
    await port.sendDtmf('4085551234#');
    await port.hangUp();
    const record = await port.lastCall();
    const detector = new DtmfDetector({ sampleRate: RATE });
    const digits = detector.push(record!.recording!.uplink).map((d) => d.digit);
    expect(digits.join('')).toBe('4085551234#');
    expect(port.heard().length).toBe(record!.recording!.downlink.length);
  });
});
