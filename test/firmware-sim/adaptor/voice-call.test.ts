// The adaptor's voice application end to end: the handset places the adaptor's SET UP CALL on the
// voice switch and plays its two SEND DTMF copies (ITU-T Q.23 tones, 100 ms on and 70 ms off)
// through a mu-law line into the IVR, which opens the sealed frame, runs it once and answers the
// second copy from its stored reply; a later replay of the call is not run again.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { untilIdle } from '../../../cli/handset-adaptor.ts';
import { OWN_ITEM_BASE, keypadVoiceEncoder } from '../../../firmware-sim/adaptor/index.ts';
import {
  sealedVoicePayload,
  voiceRequestFrame,
} from '../../../firmware-sim/adaptor/voice-frame.ts';
import { CardChannel } from '../../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../../firmware-sim/handset/handset-client.ts';
import { memoryCarrier, scriptedUser } from '../../../firmware-sim/handset/ports.ts';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { encodeFrame } from '../../../modem/framing/frame.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import { aesPayloadCipher } from '../../../modem/voice/payload-cipher-aes.ts';
import type { Request, Response } from '../../../modem/voice/request.ts';
import { handsetVoicePort } from '../../../server/carrier/voice-ports.ts';
import { VoiceSwitch, type CallRecord } from '../../../server/carrier/voice-switch.ts';
import { MemoryIvrCounterStore } from '../../../server/ivr/ivr-counters.ts';
import { IvrDecoder } from '../../../server/ivr/ivr-decoder.ts';
import { loadFixtureTable } from '../../modem/voice/table-fixture.ts';
import { bench, engine, serverKeys, TEST_SETTINGS } from './support.ts';

const RATE = 8000;
const CALLER = '+4085551234';
const table = loadFixtureTable();
const LINE = { codec: 'mulaw', snrDb: 25, twistDb: 3 } as const;
const toneAudio = (digits: string): Float32Array =>
  generateDtmf(digits, { sampleRate: RATE, toneMs: 100, gapMs: 70, levelDbm0: -10 });

/** A switch whose IVR at the adaptor's number opens the adaptor's frames and counts what it runs. */
function ivrSwitch() {
  const executed: Request[] = [];
  const counters = new MemoryIvrCounterStore({ [CALLER]: 0 });
  const sw = new VoiceSwitch({
    sampleRate: RATE,
    seed: 11,
    uplink: LINE,
    downlink: LINE,
    record: true,
    services: {
      [TEST_SETTINGS.ivrNumber]: {
        createDecoder: (caller) =>
          new IvrDecoder({
            table,
            sampleRate: RATE,
            modems: { dtmf: dtmfModem({ sampleRate: RATE }) },
            cipher: aesPayloadCipher({ engine, keys: serverKeys, sends: 'response' }),
            counters: { store: counters, callerId: caller },
            processRequest: async (request): Promise<Response> => {
              executed.push(request);
              return { responseId: 11, params: { 1: '0', 2: '77' } };
            },
          }),
      },
    },
  });
  return { sw, executed };
}

/** Plays `digits` into a new call from the caller, waits for the IVR's answer, and hangs up. */
async function replayCall(sw: VoiceSwitch, digits: string): Promise<CallRecord> {
  const dialled = sw.dial(CALLER, TEST_SETTINGS.ivrNumber);
  if (dialled.outcome !== 'connected') throw new Error(dialled.outcome);
  const { link } = dialled.call;
  const audio = toneAudio(digits);
  link.send(audio);
  const frames = Math.ceil((audio.length / RATE) * 50) + 700;
  for (let i = 0; i < frames; i++) if ((await link.receive()) === undefined) break;
  link.hangUp();
  return dialled.call.ended;
}

describe('paying by call from the adaptor', () => {
  it('pays once through the voice switch though the frame is sent twice, and a replay is not run', async () => {
    const b = bench({ voice: keypadVoiceEncoder(table, CALLER) });
    const { sw, executed } = ivrSwitch();
    const voice = handsetVoicePort(sw, CALLER, { sampleRate: RATE, toneAudio });
    const user = scriptedUser({
      pin: '1234',
      answers: [
        { kind: 'text', text: '15' },
        { kind: 'text', text: '4085551212' },
        { kind: 'item', position: 1 },
        { kind: 'text', text: '8642' },
      ],
    });
    const ports = { channel: new CardChannel(b.link), carrier: memoryCarrier(), voice, user };
    const client = new HandsetClient({ ports }, new SimulatedClock()).start();
    await client.settled();
    await untilIdle(client);
    const chosen = await client.request({ kind: 'selectMenuItem', itemId: OWN_ITEM_BASE + 4 });
    expect(chosen.ok).toBe(true);
    await untilIdle(client);
    await voice.hangUp();
    const record = await voice.lastCall();
    const kinds = record?.events.map((e) => e.type);
    expect(kinds).toEqual(['request', 'response', 'duplicate']);
    expect(executed).toEqual([
      { commandId: 10, params: { 1: '4085551234', 2: '4085551212', 3: 1500, 4: '8642' } },
    ]);
    expect(b.storage.current?.uplinkCounter).toBe(1);
    const sent = b.notices.find((n) => n.type === 'voice.request');
    if (sent?.type !== 'voice.request') throw new Error('no voice request');

    const replay = await replayCall(sw, sent.digits);
    expect(replay.events.map((e) => e.type)).toEqual(['retransmission']);
    const keypad = keypadVoiceEncoder(table, CALLER).keypadMessage({
      keyword: 'PAY',
      amount: '99',
      target: '4085551212',
      pin: '8642',
    });
    const forged = voiceRequestFrame(keypad, { keys: TEST_SETTINGS.keys, engine, counter: 1 });
    const refused = await replayCall(sw, forged);
    expect(refused.events.map((e) => e.type)).toEqual(['counter-refused', 'refused']);
    expect(refused.events).toContainEqual({ type: 'refused', seq: 0, code: 409 });
    expect(executed).toHaveLength(1);
    client.stop();
    b.adaptor.stop();
  });

  it('takes a frame that arrives without call set-up and repeated digits keyed with pauses', async () => {
    const { sw, executed } = ivrSwitch();
    const keypad = '20*014085551234*0201010202#';
    const payload = sealedVoicePayload(keypad, { keys: TEST_SETTINGS.keys, engine, counter: 5 });
    const record = await replayCall(sw, encodeFrame({ kind: 'data', seq: 0, payload }));
    expect(record.events.map((e) => e.type)).toEqual(['request', 'response']);
    expect(executed).toEqual([{ commandId: 20, params: { 1: '4085551234', 2: '1122' } }]);
  });
});
