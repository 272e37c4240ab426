// RIFF/WAVE files for voice-channel recordings: reads PCM 8/16/24/32-bit and IEEE float, any channel
// count (mixed to mono); writes 16-bit PCM mono. Samples are Float32 with full scale 1.
import { readFile, writeFile } from 'node:fs/promises';
import { DecodeError } from '../../../protocol/bytes/index.ts';

/** Largest file read, in bytes (about 1 hour of 16-bit audio at 8 kHz). */
export const MAX_WAV_BYTES = 64 * 1024 * 1024;

/** Decoded audio. */
export interface WavAudio {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

interface Format {
  readonly code: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bits: number;
}

function findChunks(view: DataView): { format?: Format; data?: [number, number] } {
  const text = (at: number) =>
    String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + at, 4));
  if (view.byteLength < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE')
    throw new DecodeError('WAV_NOT_RIFF', 0, 'not a RIFF/WAVE file');
  let format: Format | undefined;
  let at = 12;
  while (at + 8 <= view.byteLength) {
    const size = view.getUint32(at + 4, true);
    if (text(at) === 'fmt ' && size >= 16 && at + 24 <= view.byteLength) {
      format = {
        code: view.getUint16(at + 8, true),
        channels: view.getUint16(at + 10, true),
        sampleRate: view.getUint32(at + 12, true),
        bits: view.getUint16(at + 22, true),
      };
    } else if (text(at) === 'data') {
      const length = Math.min(size, view.byteLength - at - 8);
      return format ? { format, data: [at + 8, length] } : {};
    }
    at += 8 + size + (size % 2);
  }
  return format ? { format } : {};
}

function sampleReader(view: DataView, format: Format): (offset: number) => number {
  const { code, bits } = format;
  if (code === 3 && bits === 32) return (o) => view.getFloat32(o, true);
  if (code === 1 && bits === 8) return (o) => (view.getUint8(o) - 128) / 128;
  if (code === 1 && bits === 16) return (o) => view.getInt16(o, true) / 32768;
  if (code === 1 && bits === 24)
    return (o) =>
      (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608;
  if (code === 1 && bits === 32) return (o) => view.getInt32(o, true) / 2147483648;
  throw new DecodeError('WAV_UNSUPPORTED', 20, `format ${code} with ${bits} bits is not supported`);
}

/** Decodes a WAV file's bytes, mixing all channels to mono. */
export function decodeWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { format, data } = findChunks(view);
  if (!format) throw new DecodeError('WAV_NO_FORMAT', 12, 'no fmt chunk before the data');
  if (!data) throw new DecodeError('WAV_NO_DATA', bytes.length, 'no data chunk');
  if (format.channels < 1 || format.sampleRate < 1000)
    throw new DecodeError('WAV_BAD_FORMAT', 20, 'bad channel count or sample rate');
  const read = sampleReader(view, format);
  const frameBytes = (format.bits / 8) * format.channels;
  const samples = new Float32Array(Math.floor(data[1] / frameBytes));
  for (let i = 0; i < samples.length; i++) {
    let sum = 0;
    for (let c = 0; c < format.channels; c++)
      sum += read(data[0] + i * frameBytes + (c * format.bits) / 8);
    samples[i] = sum / format.channels;
  }
  return { samples, sampleRate: format.sampleRate };
}

/** Encodes mono samples as a 16-bit PCM WAV file (values clipped to full scale). */
export function encodeWavPcm16(samples: Float32Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) =>
    [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((x, i) =>
    view.setInt16(44 + 2 * i, Math.round(Math.max(-1, Math.min(1, x)) * 32767), true),
  );
  return bytes;
}

/** Reads a WAV file from disk. */
export async function readWavFile(path: string): Promise<WavAudio> {
  const data = await readFile(path);
  if (data.length > MAX_WAV_BYTES)
    throw new DecodeError('WAV_TOO_LARGE', MAX_WAV_BYTES, 'file too large');
  return decodeWav(new Uint8Array(data.buffer, data.byteOffset, data.length));
}

/** Writes mono samples to disk as 16-bit PCM WAV. */
export async function writeWavFile(
  path: string,
  samples: Float32Array,
  sampleRate: number,
): Promise<void> {
  await writeFile(path, encodeWavPcm16(samples, sampleRate));
}
