// Continuous-phase binary FSK transmitter with asynchronous 8N1 framing (start bit space, data LSB
// first, stop bit mark), preceded and followed by idle mark so that the receiver can settle.
import { uartBits, type FskProfile } from './fsk-profile.ts';

/** How to send: the sample rate is always given; amplitude is the peak, full scale = 1. */
export interface FskModulatorOptions {
  readonly sampleRate: number;
  readonly profile: FskProfile;
  readonly amplitude: number;
  /** Idle mark before the first character, in ms. */
  readonly leadMs: number;
  /** Idle mark after the last character, in ms. */
  readonly tailMs: number;
}

/** Length of the raised-cosine fade at each end, in ms, to keep clicks out of the line. */
const RAMP_MS = 2;

/** Modulates bytes into samples. */
export function modulateFsk(bytes: Uint8Array, options: FskModulatorOptions): Float32Array {
  const { sampleRate, profile, amplitude } = options;
  const samplesPerBit = sampleRate / profile.baud;
  const leadBits = Math.ceil((options.leadMs / 1000) * profile.baud);
  const tailBits = Math.ceil((options.tailMs / 1000) * profile.baud);
  const bits: number[] = new Array<number>(leadBits).fill(1);
  for (const byte of bytes) bits.push(...uartBits(byte));
  for (let i = 0; i < tailBits; i++) bits.push(1);
  const out = new Float32Array(Math.round(bits.length * samplesPerBit));
  let phase = 0;
  for (let n = 0; n < out.length; n++) {
    const bit = bits[Math.min(bits.length - 1, Math.floor(n / samplesPerBit))];
    const hz = bit === 1 ? profile.markHz : profile.spaceHz;
    out[n] = amplitude * Math.sin(phase);
    phase += (2 * Math.PI * hz) / sampleRate;
    if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
  }
  applyRamps(out, Math.round((RAMP_MS / 1000) * sampleRate));
  return out;
}

function applyRamps(samples: Float32Array, length: number): void {
  const n = Math.min(length, Math.floor(samples.length / 2));
  for (let i = 0; i < n; i++) {
    const gain = 0.5 - 0.5 * Math.cos((Math.PI * i) / n);
    samples[i] = (samples[i] ?? 0) * gain;
    const j = samples.length - 1 - i;
    samples[j] = (samples[j] ?? 0) * gain;
  }
}
