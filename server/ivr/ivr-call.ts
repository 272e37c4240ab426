// Runs one IVR call over a VoiceLink: the frame loop that feeds the decoder, plays what it answers,
// lets the last audio (a reply or the error tone) finish, and hangs up.
import type { VoiceLink } from '../../modem/voice/voice-link.ts';
import type { IvrDecoder } from './ivr-decoder.ts';
import type { IvrEvent, IvrOutcome } from './ivr-types.ts';

/** Serves a call until it ends; `onEvent` sees every event as it happens. */
export async function runIvrCall(
  link: VoiceLink,
  decoder: IvrDecoder,
  sampleRate: number,
  onEvent: (event: IvrEvent) => void = () => {},
): Promise<IvrOutcome> {
  for (;;) {
    const block = await link.receive();
    if (block === undefined) return decoder.hangUp();
    const step = await decoder.push(block);
    step.events.forEach(onEvent);
    if (step.play) link.send(step.play);
    if (step.end) {
      await drain(
        link,
        (decoder.playingUntilMs - decoder.nowMs) / ((block.length / sampleRate) * 1000),
      );
      link.hangUp();
      return step.end;
    }
  }
}

async function drain(link: VoiceLink, frames: number): Promise<void> {
  for (let i = 0; i < frames; i++) if ((await link.receive()) === undefined) return;
}
