// The voice side of a scenario run: a payment by call to the IVR through the simulated voice switch
// (the keypad-coded payRequest of fixtures/voice/commands.json in ITU-T Q.23 DTMF, or in FSK after
// the HELLO negotiation), and the server's PIN call-back with the PIN keyed as DTMF (Q.24).
import { readFileSync } from 'node:fs';
import { NodeBlockCipherEngine } from '../../bridge/crypto/node-block-cipher.ts';
import { VoiceChannel } from '../../modem/channel/voice-channel.ts';
import { aesPayloadCipher, type VoiceKeys } from '../../modem/voice/payload-cipher-aes.ts';
import { generateDtmf } from '../../modem/dtmf/tone-generator.ts';
import { BELL_202 } from '../../modem/fsk/fsk-profile.ts';
import { dbm0ToAmplitude } from '../../modem/level.ts';
import type { RandomSource } from '../../modem/random.ts';
import { VoiceClient } from '../../modem/voice/client.ts';
import { parseCommandTable, type CommandTable } from '../../modem/voice/command-table.ts';
import { dtmfModem } from '../../modem/voice/dtmf-modem.ts';
import type { Request, Response } from '../../modem/voice/request.ts';
import { fskModem, type SymbolModem } from '../../modem/voice/symbol-modem.ts';
import { SimulatedCall } from '../../modem/voice/simulated-call.ts';
import { VoiceCallError } from '../../modem/voice/voice-error.ts';
import { concatSamples } from '../../modem/samples.ts';
import {
  runPinCallback,
  type PinCallbackOptions,
  type PinCallbackOutcome,
} from '../ivr/pin-callback.ts';
import { DEFAULT_CALL_ARQ } from '../ivr/voice-loopback.ts';
import type { CallRecording, ChannelSettings, VoiceSwitch } from '../carrier/voice-switch.ts';

/** Sample rate of every call (ITU-T G.711). */
export const CALL_RATE = 8000;
const SEND_DBM0 = -10;
/** A call-back is cut after this many 20 ms frames (one minute). */
const MAX_CALL_BACK_FRAMES = 3000;

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

/** A voice call to place. */
export interface VoiceCall {
  readonly caller: string;
  readonly ivrNumber: string;
  readonly request: Request;
  readonly mode: 'dtmf' | 'fsk';
  /** Seals the request with the caller's adaptor keys under `counter`. */
  readonly sealed?: { readonly keys: VoiceKeys; readonly counter: number };
}

/** The handset calls the IVR, sends the request in the call's mode, then hangs up. */
export async function payByCall(
  voiceSwitch: VoiceSwitch,
  table: CommandTable,
  c: VoiceCall,
): Promise<CallResult> {
  const { caller, ivrNumber, request, mode } = c;
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
    ...(c.sealed ? { encryption: sealing(c.sealed.keys, c.sealed.counter) } : {}),
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

/** The caller's end of the payload cipher, using `counter` for the call's request. */
function sealing(keys: VoiceKeys, counter: number) {
  const cipher = aesPayloadCipher({ engine: new NodeBlockCipherEngine(), keys, sends: 'request' });
  return { cipher, nextCounter: () => counter };
}

/** How the server's PIN call-back went. */
export interface PinCallResult {
  readonly outcome: PinCallbackOutcome;
  /** What the IVR heard (handset -> IVR) and what the handset heard. */
  readonly uplink: Float32Array;
  readonly downlink: Float32Array;
}

/** A channel model that keeps what it let through. */
function recordedLine(settings: ChannelSettings, random: RandomSource) {
  const line = new VoiceChannel({ ...settings, sampleRate: CALL_RATE }, random);
  const kept: Float32Array[] = [];
  const process = (samples: Float32Array): Float32Array => {
    const out = line.process(samples);
    kept.push(out);
    return out;
  };
  return { process, kept: () => concatSamples(kept) };
}

/**
 * The server's call-back to `msisdn`: the IVR places the call, the member keys `pin` then `#`
 * (ITU-T Q.23 tones) through the uplink's channel model, and the IVR's call-back decoder releases
 * the held command with the digits it heard, then hangs up.
 */
export async function pinCallBack(
  msisdn: string,
  pin: string,
  channel: { readonly uplink: ChannelSettings; readonly downlink: ChannelSettings },
  random: RandomSource,
  release: PinCallbackOptions['release'],
): Promise<PinCallResult> {
  const uplink = recordedLine(channel.uplink, random);
  const downlink = recordedLine(channel.downlink, random);
  const call = new SimulatedCall({
    sampleRate: CALL_RATE,
    maxFrames: MAX_CALL_BACK_FRAMES,
    callerToCallee: downlink.process,
    calleeToCaller: uplink.process,
  });
  const served = runPinCallback(call.caller, { sampleRate: CALL_RATE, msisdn, release });
  const handset = call.callee;
  handset.send(
    generateDtmf(`${pin}#`, { sampleRate: CALL_RATE, toneMs: 80, gapMs: 80, levelDbm0: SEND_DBM0 }),
  );
  for (let frame = 0; frame < MAX_CALL_BACK_FRAMES; frame++)
    if ((await handset.receive()) === undefined) break;
  handset.hangUp();
  const outcome = await served;
  return { outcome, uplink: uplink.kept(), downlink: downlink.kept() };
}
