// One complete voice call in process: a VoiceClient sends a request through a SimulatedCall (with a
// channel model in each direction) to an IvrDecoder serving processRequest. Used by the round-trip
// benchmark, the end-to-end tests and anyone who needs the voice path without audio devices.
import type { ArqConfig } from '../../modem/framing/arq.ts';
import { VoiceClient, type Exchange } from '../../modem/voice/client.ts';
import type { CommandTable } from '../../modem/voice/command-table.ts';
import type { PayloadCipher } from '../../modem/voice/payload-cipher.ts';
import type { Request, Response } from '../../modem/voice/request.ts';
import { SimulatedCall, type SampleProcessor } from '../../modem/voice/simulated-call.ts';
import type { SymbolModem } from '../../modem/voice/symbol-modem.ts';
import { VoiceCallError } from '../../modem/voice/voice-error.ts';
import { IvrDecoder } from './ivr-decoder.ts';
import { runIvrCall } from './ivr-call.ts';
import type { IvrEvent, IvrLimits, IvrOutcome } from './ivr-types.ts';

/** Retransmission and set-up settings that suit a lossy line (used when none are given). */
export const DEFAULT_CALL_ARQ: ArqConfig = { maxAttempts: 12, replyTimeoutMs: 1500 };

/** Everything one simulated call needs. */
export interface LoopbackOptions {
  readonly table: CommandTable;
  readonly sampleRate: number;
  readonly processRequest: (request: Request) => Promise<Response>;
  /** Modems of the caller and of the IVR (FSK may be left out on either side). */
  readonly client: { readonly dtmf: SymbolModem; readonly fsk?: SymbolModem };
  readonly ivr: { readonly dtmf: SymbolModem; readonly fsk?: SymbolModem };
  readonly uplink?: SampleProcessor;
  readonly downlink?: SampleProcessor;
  readonly arq?: ArqConfig;
  readonly cipher?: PayloadCipher;
  /** The IVR's own cipher when the two ends hold different ones (default: `cipher`). */
  readonly ivrCipher?: PayloadCipher;
  readonly counter?: number;
  readonly ivrLimits?: Partial<IvrLimits>;
  /** The call is cut after this many 20 ms frames (default 15,000 = 5 minutes). */
  readonly maxFrames?: number;
}

/** What happened on both ends. */
export interface LoopbackResult {
  readonly exchange?: Exchange;
  readonly error?: VoiceCallError;
  readonly outcome: IvrOutcome;
  readonly events: readonly IvrEvent[];
  readonly durationMs: number;
}

/** Places one call carrying `request` and returns when both ends have finished. */
export async function callWithRequest(
  options: LoopbackOptions,
  request: Request,
): Promise<LoopbackResult> {
  const { table, sampleRate } = options;
  const call = new SimulatedCall({
    sampleRate,
    maxFrames: options.maxFrames ?? 15_000,
    ...(options.uplink ? { callerToCallee: options.uplink } : {}),
    ...(options.downlink ? { calleeToCaller: options.downlink } : {}),
  });
  const ivrCipher = options.ivrCipher ?? options.cipher;
  const ivr = new IvrDecoder({
    table,
    sampleRate,
    modems: options.ivr,
    processRequest: options.processRequest,
    ...(ivrCipher ? { cipher: ivrCipher } : {}),
    ...(options.ivrLimits ? { limits: options.ivrLimits } : {}),
  });
  const events: IvrEvent[] = [];
  const served = runIvrCall(call.callee, ivr, sampleRate, (e) => events.push(e));
  const counter = options.counter ?? 1;
  const client = new VoiceClient({
    table,
    sampleRate,
    link: call.caller,
    clock: call.caller,
    modems: options.client,
    arq: options.arq ?? DEFAULT_CALL_ARQ,
    setupAttempts: 5,
    setupTimeoutMs: 1500,
    ...(options.cipher
      ? { encryption: { cipher: options.cipher, nextCounter: () => counter } }
      : {}),
  });
  let exchange: Exchange | undefined;
  let error: VoiceCallError | undefined;
  try {
    exchange = await client.exchange(request);
  } catch (caught) {
    if (!(caught instanceof VoiceCallError)) throw caught;
    error = caught;
  }
  await client.hangUp();
  const outcome = await served;
  return {
    ...(exchange ? { exchange } : {}),
    ...(error ? { error } : {}),
    outcome,
    events,
    durationMs: call.caller.nowMs(),
  };
}
