// A VoiceLink over raw audio streams (16-bit little-endian PCM mono, as `sox -t raw`, `parec` and
// `pacat` read and write): full-duplex frame clocking, where every frame heard lets one frame be
// played (queued audio or silence), and the clock is the audio received.
import type { Readable, Writable } from 'node:stream';
import { decodePcm16le, encodePcm16le } from '../../io/pcm.ts';
import type { Clock, VoiceLink } from '../voice-link.ts';
import { concatBytes } from '../../../protocol/bytes/index.ts';

/** Frame size and sample rate of the streams; one silent frame is written first (the link's latency). */
export interface StreamLinkOptions {
  readonly sampleRate: number;
  readonly frameMs?: number;
}

/** One end of a call carried by a byte stream in each direction. */
export class StreamVoiceLink implements VoiceLink, Clock {
  private readonly frameBytes: number;
  private readonly frameMs: number;
  private readonly chunks: AsyncIterator<Uint8Array>;
  private readonly outbound: Float32Array[] = [];
  private pending: Uint8Array = new Uint8Array(0);
  private frames = 0;
  private ended = false;

  constructor(
    input: Readable,
    private readonly output: Writable,
    options: StreamLinkOptions,
  ) {
    this.frameMs = options.frameMs ?? 20;
    this.frameBytes = 2 * Math.round((options.sampleRate * this.frameMs) / 1000);
    this.chunks = input[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    this.writeFrame();
  }

  send(samples: Float32Array): void {
    this.outbound.push(samples.slice());
  }

  async receive(): Promise<Float32Array | undefined> {
    while (!this.ended && this.pending.length < this.frameBytes) {
      const next = await this.chunks.next();
      if (next.done) this.ended = true;
      else this.pending = concatBytes(this.pending, next.value);
    }
    if (this.pending.length < this.frameBytes) return undefined;
    const frame = decodePcm16le(this.pending.subarray(0, this.frameBytes));
    this.pending = this.pending.slice(this.frameBytes);
    this.frames++;
    this.writeFrame();
    return frame;
  }

  hangUp(): void {
    this.ended = true;
    if (!this.output.writableEnded) this.output.end();
  }

  nowMs(): number {
    return this.frames * this.frameMs;
  }

  private writeFrame(): void {
    if (this.output.writableEnded) return;
    const frame = new Float32Array(this.frameBytes / 2);
    let filled = 0;
    while (filled < frame.length && this.outbound.length > 0) {
      const head = this.outbound[0] as Float32Array;
      const n = Math.min(frame.length - filled, head.length);
      frame.set(head.subarray(0, n), filled);
      filled += n;
      if (n === head.length) this.outbound.shift();
      else this.outbound[0] = head.subarray(n);
    }
    this.output.write(encodePcm16le(frame));
  }
}
