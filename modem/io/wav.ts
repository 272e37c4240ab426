// WAV files (RIFF WAVE, Microsoft PCM format tag 1), 16-bit mono at any rate, read and written
// through the `wav` package; other layouts are refused with a DecodeError that says what was found.
import { Reader, Writer, type Format } from 'wav';
import { DecodeError } from '../../protocol/bytes/index.ts';
import { decodePcm16le, encodePcm16le } from './pcm.ts';

/** Mono audio with its sample rate. */
export interface Audio {
  readonly sampleRate: number;
  readonly samples: Float32Array;
}

/** WAVE format tags (RFC 2361 Appendix A). */
const FORMAT_NAMES: Readonly<Record<number, string>> = {
  1: 'PCM',
  3: 'IEEE float',
  6: 'A-law',
  7: 'µ-law',
  0xfffe: 'extensible',
};

/** Largest accepted file: about 3.7 hours of 16-bit audio at 8 kHz... or 20 min at 48 kHz. */
export const MAX_WAV_BYTES = 256 * 1024 * 1024;

/** The reason a WAV format is not 16-bit PCM mono, or undefined when it is. */
export function formatProblem(format: Format): DecodeError | undefined {
  if (format.audioFormat !== 1) {
    const name = FORMAT_NAMES[format.audioFormat] ?? `format tag ${format.audioFormat}`;
    return new DecodeError('WAV_NOT_PCM', 20, `${name} WAV is not supported; need 16-bit PCM`);
  }
  if (format.channels !== 1)
    return new DecodeError('WAV_CHANNELS', 22, `${format.channels} channels; need mono`);
  if (format.bitDepth !== 16)
    return new DecodeError('WAV_BIT_DEPTH', 34, `${format.bitDepth}-bit samples; need 16-bit`);
  if (format.endianness !== 'LE') return new DecodeError('WAV_RIFX', 0, 'big-endian RIFX WAV');
  if (!(format.sampleRate > 0)) return new DecodeError('WAV_RATE', 24, 'sample rate is 0');
  return undefined;
}

/** Parses a WAV file held in memory. */
export function readWav(bytes: Uint8Array): Promise<Audio> {
  if (bytes.length > MAX_WAV_BYTES)
    return Promise.reject(new DecodeError('WAV_TOO_LARGE', MAX_WAV_BYTES, 'file too large'));
  return new Promise((resolve, reject) => {
    const reader = new Reader();
    const chunks: Buffer[] = [];
    let format: Format | undefined;
    let failed = false;
    const fail = (error: DecodeError): void => {
      if (!failed) reject(error);
      failed = true;
    };
    reader.on('format', (f: Format) => {
      format = f;
      const problem = formatProblem(f);
      if (problem) fail(problem);
    });
    reader.on('data', (chunk: Buffer) => chunks.push(chunk));
    reader.on('error', (e: Error) => fail(new DecodeError('WAV_BAD_HEADER', 0, e.message)));
    reader.on('end', () => {
      if (failed) return;
      const data = Buffer.concat(chunks);
      if (format === undefined || (data.length === 0 && !hasDataChunk(bytes)))
        return fail(new DecodeError('WAV_TRUNCATED', bytes.length, 'no complete WAV header'));
      const even = data.subarray(0, data.length - (data.length % 2));
      resolve({ sampleRate: format.sampleRate, samples: decodePcm16le(new Uint8Array(even)) });
    });
    try {
      reader.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    } catch (error) {
      fail(
        new DecodeError('WAV_BAD_HEADER', 0, error instanceof Error ? error.message : 'bad chunk'),
      );
    }
  });
}

/** True when a complete `data` chunk header (id and size) is present. */
function hasDataChunk(bytes: Uint8Array): boolean {
  for (let i = 12; i + 8 <= bytes.length; i++)
    if (
      bytes[i] === 0x64 &&
      bytes[i + 1] === 0x61 &&
      bytes[i + 2] === 0x74 &&
      bytes[i + 3] === 0x61
    )
      return true;
  return false;
}

/** Encodes mono samples as a 16-bit PCM WAV file. */
export function writeWav(audio: Audio): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ sampleRate: audio.sampleRate, channels: 1, bitDepth: 16 });
    const chunks: Buffer[] = [];
    writer.on('data', (chunk: Buffer) => chunks.push(chunk));
    writer.on('error', reject);
    writer.on('header', (header: Buffer) => {
      const all = Buffer.concat(chunks);
      header.copy(all, 0);
      resolve(new Uint8Array(all.buffer, all.byteOffset, all.length));
    });
    writer.end(Buffer.from(encodePcm16le(audio.samples)));
  });
}
