// The voice side of a scenario run: the IVR reachable through the simulated voice switch, a
// payment by call (the keypad-coded payRequest of fixtures/voice/commands.json in ITU-T Q.23 DTMF
// or in FSK after the HELLO negotiation), and the server's PIN call-back keyed as DTMF (Q.24).
import { readFileSync } from 'node:fs';
import { VoiceChannel } from '../../modem/channel/voice-channel.ts';
import { DtmfDetector } from '../../modem/dtmf/dtmf-detector.ts';
import { generateDtmf } from '../../modem/dtmf/tone-generator.ts';
import { BELL_202 } from '../../modem/fsk/fsk-profile.ts';
import { dbm0ToAmplitude } from '../../modem/level.ts';
import type { RandomSource } from '../../modem/random.ts';
import { VoiceClient } from '../../modem/voice/client.ts';
import { parseCommandTable, type CommandTable } from '../../modem/voice/command-table.ts';
import { dtmfModem } from '../../modem/voice/dtmf-modem.ts';
import type { Request, Response } from '../../modem/voice/request.ts';
import { fskModem, type SymbolModem } from '../../modem/voice/symbol-modem.ts';
import { VoiceCallError } from '../../modem/voice/voice-error.ts';
import { IvrDecoder } from '../ivr/ivr-decoder.ts';
import { DEFAULT_CALL_ARQ } from '../ivr/voice-loopback.ts';
import type { CallRecording, ChannelSettings, VoiceSwitch } from '../carrier/voice-switch.ts';

/** Sample rate of every call (ITU-T G.711). */
export const CALL_RATE = 8000;
const SEND_DBM0 = -10;

/** The command table shipped in fixtures/voice/commands.json. */
export function loadCommandTable(): CommandTable {
  const url = new URL('../../fixtures/voice/commands.json', import.meta.url);
  return parseCommandTable(JSON.parse(readFileSync(url, 'utf8')) as unknown);
}

/** DTMF and FSK modems at the level both ends send. */
export function callModems(): { readonly dtmf: SymbolModem; readonly fsk: SymbolModem } {
  return {
    dtmf: dtmfModem({ sampleRate: CALL_RATE, levelDbm0: SEND_DBM0 }),
    fsk: fskModem({
      sampleRate: CALL_RATE,
      profile: BELL_202,
      amplitude: dbm0ToAmplitude(SEND_DBM0),
    }),
  };
}

/** An IVR decoder for one call serving `processRequest`. */
export function ivrDecoder(
  table: CommandTable,
  processRequest: (request: Request) => Promise<Response>,
): IvrDecoder {
  return new IvrDecoder({ table, sampleRate: CALL_RATE, modems: callModems(), processRequest });
}

/** How a call by the handset went. */
export interface CallResult {
  readonly connected: boolean;
  readonly response?: Response;
  readonly mode?: string;
  readonly retransmissions?: number;
  readonly error?: string;
  readonly durationMs: number;
  readonly recording?: CallRecording;
}

/** The handset `caller` calls `ivrNumber` and sends `request` in `mode`, then hangs up. */
export async function payByCall(
  voiceSwitch: VoiceSwitch,
  table: CommandTable,
  caller: string,
  ivrNumber: string,
  request: Request,
  mode: 'dtmf' | 'fsk',
): Promise<CallResult> {
  const dialled = voiceSwitch.dial(caller, ivrNumber);
  if (dialled.outcome !== 'connected')
    return { connected: false, error: `call to ${ivrNumber}: ${dialled.outcome}`, durationMs: 0 };
  const { call } = dialled;
  const { dtmf, fsk } = callModems();
  const client = new VoiceClient({
    table,
    sampleRate: CALL_RATE,
    link: call.link,
    clock: call.link,
    modems: mode === 'fsk' ? { dtmf, fsk } : { dtmf },
    arq: DEFAULT_CALL_ARQ,
    setupAttempts: 5,
    setupTimeoutMs: 1500,
  });
  let result: Omit<CallResult, 'durationMs' | 'connected'> = {};
  try {
    const exchange = await client.exchange(request);
    result = {
      response: exchange.response,
      mode: exchange.mode,
      retransmissions: exchange.retransmissions,
    };
  } catch (error) {
    if (!(error instanceof VoiceCallError)) throw error;
    result = { error: error.message };
  }
  await client.hangUp();
  const record = await call.ended;
  return {
    connected: true,
    ...result,
    durationMs: record.durationMs,
    ...(record.recording ? { recording: record.recording } : {}),
  };
}

/** What the IVR heard on a PIN call-back. */
export interface PinCallResult {
  readonly digits: string;
  /** Handset -> IVR audio after the line. */
  readonly uplink: Float32Array;
}

/**
 * The server's call-back: the member keys `pin` then `#` on the keypad (ITU-T Q.23 tones), the
 * tones cross the uplink's channel model and a Q.24 receiver at the IVR hears the digits.
 */
export function keyPinOnCall(
  pin: string,
  uplink: ChannelSettings,
  random: RandomSource,
): PinCallResult {
  const tones = generateDtmf(`${pin}#`, {
    sampleRate: CALL_RATE,
    toneMs: 80,
    gapMs: 80,
    levelDbm0: SEND_DBM0,
  });
  const padded = new Float32Array(tones.length + CALL_RATE / 2);
  padded.set(tones, CALL_RATE / 4);
  const line = new VoiceChannel({ ...uplink, sampleRate: CALL_RATE }, random);
  const heard = line.process(padded);
  const detector = new DtmfDetector({ sampleRate: CALL_RATE });
  const keys = [...detector.push(heard), ...detector.flush()].map((d) => d.digit);
  const digits = keys.join('');
  const end = digits.indexOf('#');
  return { digits: end < 0 ? digits : digits.slice(0, end), uplink: heard };
}
