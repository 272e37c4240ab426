// A telephone voice channel for modem tests (ITU-T G.711 path with line impairments): level,
// twist, frequency drift, white noise at a signal-to-noise ratio, clipping, the codec round trip,
// and lost 20 ms frames (zeroed, as a VoIP path without concealment delivers them).
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from '../g711/index.ts';
import { dbToGain, dbm0ToRms } from '../level.ts';
import { createRandom, type RandomSource } from '../random.ts';
import { DriftResampler } from './resampler.ts';
import { TwistFilter } from './twist-filter.ts';

/** The codec of the path. */
export type ChannelCodec = 'none' | 'mulaw' | 'alaw';

/** Impairments of the channel; all but the sample rate default to a perfect line. */
export interface VoiceChannelOptions {
  readonly sampleRate: number;
  /** G.711 law applied after the analogue impairments (default 'none'). */
  readonly codec?: ChannelCodec;
  /** Gain of the line in dB, negative for loss (default 0). */
  readonly levelDb?: number;
  /** Gain of the DTMF high group relative to the low group in dB (default 0). */
  readonly twistDb?: number;
  /** Signal-to-noise ratio in dB, per tone: noise power relative to one tone at `signalDbm0` after the gain (default Infinity). */
  readonly snrDb?: number;
  /** Per-tone level of the signal entering the channel, the reference for `snrDb` (default −10 dBm0). */
  readonly signalDbm0?: number;
  /** Frequency drift in percent: every frequency is scaled by 1 + drift/100 (default 0). */
  readonly driftPercent?: number;
  /** Samples are clipped to ±clipLevel of full scale (default 1). */
  readonly clipLevel?: number;
  /** Probability that a 20 ms frame is lost and delivered as silence (default 0). */
  readonly frameLossRate?: number;
}

/** Frame length of the loss model (G.711 over RTP, RFC 3551 §4.5.14: 20 ms packets). */
export const LOSS_FRAME_MS = 20;

/** Streaming channel: `process` takes the next input samples and returns the next output samples. */
export class VoiceChannel {
  private readonly gain: number;
  private readonly twist: TwistFilter | undefined;
  private readonly drift: DriftResampler | undefined;
  private readonly noiseRms: number;
  private readonly clip: number;
  private readonly codec: ChannelCodec;
  private readonly lossRate: number;
  private readonly frameLength: number;
  private readonly lossRandom: RandomSource;
  private frameLost = false;
  private outputCount = 0;

  constructor(
    options: VoiceChannelOptions,
    private readonly random: RandomSource,
  ) {
    checkOptions(options);
    const rate = options.sampleRate;
    this.gain = dbToGain(options.levelDb ?? 0);
    this.twist = options.twistDb ? new TwistFilter(options.twistDb, rate) : undefined;
    this.drift = options.driftPercent
      ? new DriftResampler(1 + options.driftPercent / 100)
      : undefined;
    const snr = options.snrDb ?? Infinity;
    const noiseDbm0 = (options.signalDbm0 ?? -10) + (options.levelDb ?? 0) - snr;
    this.noiseRms = snr === Infinity ? 0 : dbm0ToRms(noiseDbm0);
    this.clip = options.clipLevel ?? 1;
    this.codec = options.codec ?? 'none';
    this.lossRate = options.frameLossRate ?? 0;
    this.frameLength = Math.round((LOSS_FRAME_MS * rate) / 1000);
    this.lossRandom = createRandom(Math.floor(random.uniform() * 4294967296));
  }

  /** Passes the next samples through the channel. With drift the output length differs. */
  process(samples: Float32Array): Float32Array {
    let x: Float32Array = new Float32Array(samples.length);
    for (let i = 0; i < samples.length; i++) x[i] = (samples[i] as number) * this.gain;
    if (this.twist) x = this.twist.process(x);
    if (this.drift) x = this.drift.process(x);
    const clip = this.clip;
    for (let i = 0; i < x.length; i++) {
      let v = x[i] as number;
      if (this.noiseRms !== 0) v += this.noiseRms * this.random.gaussian();
      x[i] = v > clip ? clip : v < -clip ? -clip : v;
    }
    if (this.codec === 'mulaw') x = decodeMuLaw(encodeMuLaw(x));
    else if (this.codec === 'alaw') x = decodeALaw(encodeALaw(x));
    this.loseFrames(x);
    return x;
  }

  private loseFrames(x: Float32Array): void {
    for (let i = 0; i < x.length; i++) {
      if (this.outputCount % this.frameLength === 0)
        this.frameLost = this.lossRate > 0 && this.lossRandom.uniform() < this.lossRate;
      if (this.frameLost) x[i] = 0;
      this.outputCount++;
    }
  }
}

function checkOptions(o: VoiceChannelOptions): void {
  if (!(o.sampleRate >= 4000))
    throw new RangeError(`sample rate ${o.sampleRate} Hz is below 4000 Hz`);
  if (o.clipLevel !== undefined && !(o.clipLevel > 0))
    throw new RangeError('clip level must be > 0');
  const loss = o.frameLossRate ?? 0;
  if (!(loss >= 0 && loss <= 1)) throw new RangeError('frame loss rate must be within 0-1');
  const drift = o.driftPercent ?? 0;
  if (!(Math.abs(drift) < 50)) throw new RangeError('drift must be within ±50%');
}
