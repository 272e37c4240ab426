// Shared by the DTMF receiver tests: decode a whole signal, pass it through a line, random digits.
import { VoiceChannel, type VoiceChannelOptions } from '../../../modem/channel/voice-channel.ts';
import { DtmfDetector, type DetectedDigit } from '../../../modem/dtmf/dtmf-detector.ts';
import { DTMF_KEYS } from '../../../modem/dtmf/keys.ts';
import { createRandom, type RandomSource } from '../../../modem/random.ts';

/** All digits the receiver finds in `samples`, pushed in one block and flushed. */
export function detect(samples: Float32Array, sampleRate = 8000): DetectedDigit[] {
  const d = new DtmfDetector({ sampleRate });
  return [...d.push(samples), ...d.flush()];
}

/** The detected digits as a string. */
export function decodeDigits(samples: Float32Array, sampleRate = 8000): string {
  return detect(samples, sampleRate)
    .map((d) => d.digit)
    .join('');
}

/** `samples` through a seeded channel, with a second of trailing silence so the last digit ends. */
export function throughLine(
  samples: Float32Array,
  options: VoiceChannelOptions,
  seed: number,
): Float32Array {
  const channel = new VoiceChannel(options, createRandom(seed));
  const padded = new Float32Array(samples.length + options.sampleRate / 10);
  padded.set(samples);
  return channel.process(padded);
}

/** `count` random DTMF keys. */
export function randomDigits(random: RandomSource, count: number, keys = DTMF_KEYS): string {
  return Array.from({ length: count }, () => keys.charAt(random.int(keys.length))).join('');
}

/** `samples` preceded by `offset` zero samples. */
export function delayed(samples: Float32Array, offset: number): Float32Array {
  const out = new Float32Array(samples.length + offset);
  out.set(samples, offset);
  return out;
}
