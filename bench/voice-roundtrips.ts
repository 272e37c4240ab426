// Voice-channel round trips on a bad line: payRequest calls from a VoiceClient to the IVR through the
// channel model (A-law, −25 dBm0, twist −6 dB, SNR 15 dB, −1% drift, 1% of 20 ms frames lost), seeded,
// counting successes, attempts (request transmissions) and retransmissions.
// Run: node --import tsx bench/voice-roundtrips.ts --count 1000 [--seed 1] [--mode fsk|dtmf]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { VoiceChannel, type VoiceChannelOptions } from '../modem/channel/voice-channel.ts';
import { BELL_202 } from '../modem/fsk/fsk-profile.ts';
import { dbm0ToAmplitude } from '../modem/level.ts';
import { createRandom } from '../modem/random.ts';
import { parseCommandTable } from '../modem/voice/command-table.ts';
import { dtmfModem } from '../modem/voice/dtmf-modem.ts';
import type { Request } from '../modem/voice/request.ts';
import { fskModem } from '../modem/voice/symbol-modem.ts';
import { callWithRequest } from '../server/ivr/voice-loopback.ts';

/** Send level of both modems, per tone, in dBm0. */
const SEND_DBM0 = -10;

/** The line of the published figure: the received level is −25 dBm0 per tone (a 15 dB loss). */
export const BAD_LINE: Omit<VoiceChannelOptions, 'sampleRate'> = {
  codec: 'alaw',
  signalDbm0: SEND_DBM0,
  levelDb: -25 - SEND_DBM0,
  twistDb: -6,
  snrDb: 15,
  driftPercent: -1,
  clipLevel: 1,
  frameLossRate: 0.01,
};

const RATE = 8000;

function payRequest(i: number): Request {
  return {
    commandId: 10,
    params: {
      1: String(4_400_000_000 + i),
      2: String(4_400_500_000 + ((i * 7919) % 100_000)),
      3: 100 + (i % 9900),
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, seed: { type: 'string' }, mode: { type: 'string' } },
  });
  const count = Number(values.count ?? 1000);
  const seed = Number(values.seed ?? 1);
  const mode = values.mode ?? 'fsk';
  if (
    !Number.isInteger(count) ||
    count < 1 ||
    !Number.isInteger(seed) ||
    (mode !== 'fsk' && mode !== 'dtmf')
  )
    throw new Error('usage: --count N (≥1) --seed N --mode fsk|dtmf');
  const url = new URL('../fixtures/voice/commands.json', import.meta.url);
  const table = parseCommandTable(JSON.parse(readFileSync(url, 'utf8')) as unknown);
  const dtmf = dtmfModem({ sampleRate: RATE, levelDbm0: SEND_DBM0 });
  const fsk = fskModem({
    sampleRate: RATE,
    profile: BELL_202,
    amplitude: dbm0ToAmplitude(SEND_DBM0),
  });
  const modems = mode === 'fsk' ? { dtmf, fsk } : { dtmf };
  let successes = 0;
  let attempts = 0;
  let retransmissions = 0;
  let audioMs = 0;
  const failures: string[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const line = (k: number) =>
      new VoiceChannel(
        { sampleRate: RATE, ...BAD_LINE },
        createRandom(seed * 1_000_003 + 2 * i + k),
      );
    const up = line(0);
    const down = line(1);
    const request = payRequest(i);
    const result = await callWithRequest(
      {
        table,
        sampleRate: RATE,
        client: modems,
        ivr: { dtmf, fsk },
        uplink: (s) => up.process(s),
        downlink: (s) => down.process(s),
        processRequest: async (r) => ({
          responseId: 11,
          params: { 1: '0', 2: String(r.params[3]) },
        }),
      },
      request,
    );
    audioMs += result.durationMs;
    const ok = result.exchange?.response.params[2] === String(request.params[3]);
    if (ok) successes++;
    else failures.push(`#${i}: ${result.error?.message ?? 'wrong response'}`);
    attempts += result.exchange?.attempts ?? DEFAULT_ATTEMPTS;
    retransmissions += result.exchange?.retransmissions ?? DEFAULT_ATTEMPTS - 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const report = {
    mode,
    seed,
    count,
    successes,
    attempts,
    retransmissions,
    audioSeconds: audioMs / 1000,
    cpuSeconds: seconds,
  };
  console.log(
    `voice round trips (${mode}, seed ${seed}): ${successes}/${count} succeeded; ` +
      `${attempts} attempts (request transmissions), ${retransmissions} retransmissions; ` +
      `${(audioMs / 1000 / count).toFixed(2)} s of call per round trip; ${seconds.toFixed(1)} s CPU`,
  );
  for (const f of failures.slice(0, 10)) console.log(`  failed ${f}`);
  console.log(JSON.stringify(report));
}

/** Attempts counted for a call that failed (the client's limit). */
const DEFAULT_ATTEMPTS = 12;

await main();
