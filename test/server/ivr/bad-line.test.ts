import { describe, expect, it } from 'vitest';
import { VoiceChannel } from '../../../modem/channel/voice-channel.ts';
import { BELL_202 } from '../../../modem/fsk/fsk-profile.ts';
import { dbm0ToAmplitude } from '../../../modem/level.ts';
import { createRandom } from '../../../modem/random.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import { fskModem } from '../../../modem/voice/symbol-modem.ts';
import { callWithRequest } from '../../../server/ivr/voice-loopback.ts';
import { loadFixtureTable } from '../../modem/voice/table-fixture.ts';

const RATE = 8000;
const table = loadFixtureTable();
const dtmf = dtmfModem({ sampleRate: RATE, levelDbm0: -10 });
const fsk = fskModem({ sampleRate: RATE, profile: BELL_202, amplitude: dbm0ToAmplitude(-10) });

/** A-law, received at −25 dBm0 per tone, twist −6 dB, SNR 15 dB, −1% drift, 1% of 20 ms frames lost. */
function badLine(seed: number): (samples: Float32Array) => Float32Array {
  const channel = new VoiceChannel(
    {
      sampleRate: RATE,
      codec: 'alaw',
      signalDbm0: -10,
      levelDb: -15,
      twistDb: -6,
      snrDb: 15,
      driftPercent: -1,
      clipLevel: 1,
      frameLossRate: 0.01,
    },
    createRandom(seed),
  );
  return (samples) => channel.process(samples);
}

describe('payRequest round trips on a bad line (seeded)', () => {
  it('completes 50 of 50 calls with retransmission, each executed once', async () => {
    let retransmissions = 0;
    for (let i = 0; i < 50; i++) {
      let executed = 0;
      const amount = 100 + i;
      const result = await callWithRequest(
        {
          table,
          sampleRate: RATE,
          client: { dtmf, fsk },
          ivr: { dtmf, fsk },
          uplink: badLine(7000 + 2 * i),
          downlink: badLine(7001 + 2 * i),
          processRequest: async (request) => {
            executed++;
            return { responseId: 11, params: { 1: '0', 2: String(request.params[3]) } };
          },
        },
        { commandId: 10, params: { 1: String(4_400_000_000 + i), 2: '4400500000', 3: amount } },
      );
      expect(result.error, `call ${i}`).toBeUndefined();
      expect(result.exchange?.response.params[2]).toBe(String(amount));
      expect(executed).toBe(1);
      retransmissions += result.exchange?.retransmissions ?? 0;
    }
    expect(retransmissions).toBeGreaterThan(0);
  });
});
