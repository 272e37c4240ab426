// The simulated voice switch: a handset's call to an IVR number is connected to that number's IVR
// decoder through a SimulatedCall, the audio of each direction passing through its own seeded
// ITU-T G.711 channel model; other numbers are unobtainable, a full IVR is busy (ITU-T Q.850 causes 1, 17).
import { VoiceChannel, type VoiceChannelOptions } from '../../modem/channel/voice-channel.ts';
import { createRandom, type RandomSource } from '../../modem/random.ts';
import { SimulatedCall, type SampleProcessor } from '../../modem/voice/simulated-call.ts';
import type { Clock, VoiceLink } from '../../modem/voice/voice-link.ts';
import type { IvrDecoder } from '../ivr/ivr-decoder.ts';
import { runIvrCall } from '../ivr/ivr-call.ts';
import type { IvrEvent, IvrOutcome } from '../ivr/ivr-types.ts';
import { numberKey } from './sms-faults.ts';
import { concatSamples } from '../../modem/samples.ts';

/** Line impairments of one direction (the sample rate is the switch's). */
export type ChannelSettings = Omit<VoiceChannelOptions, 'sampleRate'>;

/** An IVR reachable at a number. */
export interface IvrService {
  /** A fresh decoder for one call from `caller`. */
  createDecoder(caller: string): IvrDecoder;
  /** Calls served at once; further callers hear busy (default no limit). */
  readonly lines?: number;
}

/** Settings of the switch. */
export interface VoiceSwitchOptions {
  readonly sampleRate: number;
  /** Seeds the channel models: the same seed and the same calls give the same audio. */
  readonly seed: number;
  /** IVR services by number. */
  readonly services: Readonly<Record<string, IvrService>>;
  /** Handset -> IVR impairments (default a perfect line). */
  readonly uplink?: ChannelSettings;
  /** IVR -> handset impairments (default a perfect line). */
  readonly downlink?: ChannelSettings;
  /** Keep the audio each side heard, for WAV files. */
  readonly record?: boolean;
  /** A call is cut after this many 20 ms frames (default 15,000 = 5 minutes). */
  readonly maxFrames?: number;
}

/** Who ended a call. */
export type ClearedBy = 'caller' | 'ivr' | 'network';

/** The audio each side heard, after the channel. */
export interface CallRecording {
  /** What the IVR heard (handset -> IVR). */
  readonly uplink: Float32Array;
  /** What the handset heard (IVR -> handset). */
  readonly downlink: Float32Array;
}

/** How a connected call went. */
export interface CallRecord {
  readonly outcome: IvrOutcome;
  readonly events: readonly IvrEvent[];
  readonly clearedBy: ClearedBy;
  readonly durationMs: number;
  readonly recording?: CallRecording;
}

/** A call in progress; `link` is the handset's end of it. */
export interface SwitchedCall {
  readonly id: number;
  readonly caller: string;
  readonly number: string;
  readonly link: VoiceLink & Clock;
  /** Resolves once both ends have finished. */
  readonly ended: Promise<CallRecord>;
  /** The network clears the call. */
  hangUp(): void;
}

/** What dialling a number gives. */
export type DialResult =
  | { readonly outcome: 'connected'; readonly call: SwitchedCall }
  | { readonly outcome: 'unobtainable' | 'busy' };

/** Connects handsets to IVR services. */
export class VoiceSwitch {
  private readonly random: RandomSource;
  private readonly active = new Map<string, number>();
  private calls = 0;

  constructor(private readonly options: VoiceSwitchOptions) {
    this.random = createRandom(options.seed);
  }

  /** Calls in progress to `number`. */
  activeCalls(number: string): number {
    return this.active.get(numberKey(number)) ?? 0;
  }

  /** `caller` dials `number`. */
  dial(caller: string, number: string): DialResult {
    const key = numberKey(number);
    const entry = Object.entries(this.options.services).find(([n]) => numberKey(n) === key);
    if (!entry) return { outcome: 'unobtainable' };
    const service = entry[1];
    if (this.activeCalls(key) >= (service.lines ?? Infinity)) return { outcome: 'busy' };
    this.active.set(key, this.activeCalls(key) + 1);
    const call = this.connect(caller, number, service);
    void call.ended.finally(() => this.active.set(key, this.activeCalls(key) - 1));
    return { outcome: 'connected', call };
  }

  private connect(caller: string, number: string, service: IvrService): SwitchedCall {
    const { sampleRate } = this.options;
    const uplink = this.direction(this.options.uplink);
    const downlink = this.direction(this.options.downlink);
    const sim = new SimulatedCall({
      sampleRate,
      maxFrames: this.options.maxFrames ?? 15_000,
      callerToCallee: uplink.process,
      calleeToCaller: downlink.process,
    });
    let clearedBy: ClearedBy | undefined;
    const clear = (by: ClearedBy, link: VoiceLink) => () => {
      clearedBy ??= by;
      link.hangUp();
    };
    const ivrEnd: VoiceLink = { ...sim.callee, hangUp: clear('ivr', sim.callee) };
    const events: IvrEvent[] = [];
    const decoder = service.createDecoder(caller);
    const ended = runIvrCall(ivrEnd, decoder, sampleRate, (e) => events.push(e)).then(
      (outcome): CallRecord => ({
        outcome,
        events,
        clearedBy: clearedBy ?? 'network',
        durationMs: sim.caller.nowMs(),
        ...(this.options.record
          ? { recording: { uplink: uplink.recorded(), downlink: downlink.recorded() } }
          : {}),
      }),
    );
    return {
      id: ++this.calls,
      caller,
      number,
      link: { ...sim.caller, hangUp: clear('caller', sim.caller) },
      ended,
      hangUp: clear('network', sim.caller),
    };
  }

  private direction(settings: ChannelSettings | undefined) {
    const channel = new VoiceChannel(
      { ...settings, sampleRate: this.options.sampleRate },
      createRandom(this.random.int(0x1_0000_0000)),
    );
    const kept: Float32Array[] = [];
    const process: SampleProcessor = (samples) => {
      const out = channel.process(samples);
      if (this.options.record) kept.push(out);
      return out;
    };
    return { process, recorded: () => concatSamples(kept) };
  }
}
