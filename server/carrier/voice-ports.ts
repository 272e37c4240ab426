// The emulated handset's VoicePort on the simulated voice switch (TS 24.008 call control, DTMF
// per TS 23.014): dialling sets up a switched call, each DTMF string is played as tones and the
// line is listened to while it plays, so call time advances with what the handset does.
import type { VoicePort } from '../../firmware-sim/handset/ports.ts';
import { CarrierError } from './smsc-types.ts';
import type { CallRecord, SwitchedCall, VoiceSwitch } from './voice-switch.ts';
import { concatSamples } from '../../modem/samples.ts';

/** How the handset's keypad tones are made and how long it listens after them. */
export interface HandsetVoiceOptions {
  readonly sampleRate: number;
  /** Audio of a DTMF string (for example generateDtmf with the handset's tone settings). */
  readonly toneAudio: (digits: string) => Float32Array;
  /** Listening time after the tones, in ms (default 1000). */
  readonly listenMs?: number;
  /** Frame length of the switch, in ms (default 20). */
  readonly frameMs?: number;
}

/** A VoicePort with what the handset heard and the record of its last call. */
export interface HandsetVoicePort extends VoicePort {
  /** Audio heard from the far end so far. */
  heard(): Float32Array;
  /** The record of the last call once it has ended. */
  lastCall(): Promise<CallRecord | undefined>;
}

/** The voice side of the handset `msisdn` on `voiceSwitch`. */
export function handsetVoicePort(
  voiceSwitch: VoiceSwitch,
  msisdn: string,
  options: HandsetVoiceOptions,
): HandsetVoicePort {
  let call: SwitchedCall | undefined;
  const heard: Float32Array[] = [];
  const frameMs = options.frameMs ?? 20;
  const current = (): SwitchedCall => {
    if (!call) throw new CarrierError('VOICE_NO_CALL', 'no call in progress');
    return call;
  };
  return {
    async dial(number) {
      const result = voiceSwitch.dial(msisdn, number);
      if (result.outcome !== 'connected')
        throw new CarrierError(
          result.outcome === 'busy' ? 'VOICE_BUSY' : 'VOICE_UNOBTAINABLE',
          `call to ${number}: ${result.outcome}`,
        );
      call = result.call;
    },
    async sendDtmf(digits) {
      const link = current().link;
      const audio = options.toneAudio(digits);
      link.send(audio);
      const ms = (audio.length / options.sampleRate) * 1000 + (options.listenMs ?? 1000);
      for (let i = 0; i < Math.ceil(ms / frameMs); i++) {
        const block = await link.receive();
        if (block === undefined) throw new CarrierError('VOICE_NO_CALL', 'the call has ended');
        heard.push(block);
      }
    },
    async hangUp() {
      current().link.hangUp();
      await current().ended;
    },
    heard: () => concatSamples(heard),
    lastCall: async () => (call ? call.ended : undefined),
  };
}
