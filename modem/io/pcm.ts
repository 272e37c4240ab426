// Raw audio as 16-bit signed little-endian PCM, mono (what `sox -t raw -e signed-integer -b 16`
// and multimon-ng's raw mode read and write).
import { DecodeError } from '../../protocol/bytes/index.ts';
import { floatToInt16 } from '../g711/pcm16.ts';

/** 1/32768, a power of two: multiplying is exact and faster than dividing. */
const SCALE = 1 / 32768;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float samples to 16-bit little-endian PCM bytes (rounded, saturated). */
export function encodePcm16le(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++)
    view.setInt16(2 * i, floatToInt16(samples[i] as number), true);
  return out;
}

/** 16-bit little-endian PCM bytes to float samples; an odd byte count is a DecodeError. */
export function decodePcm16le(bytes: Uint8Array): Float32Array {
  if (bytes.length % 2 !== 0)
    throw new DecodeError(
      'PCM_ODD_LENGTH',
      bytes.length - 1,
      '16-bit PCM needs an even byte count',
    );
  return decodePcm16leInto(bytes, new Float32Array(bytes.length / 2));
}

/**
 * Decodes the whole 16-bit samples of `bytes` into `out` (at least bytes.length / 2 long) and
 * returns the filled view; lets a stream reuse one buffer.
 */
export function decodePcm16leInto(bytes: Uint8Array, out: Float32Array): Float32Array {
  const n = bytes.length >> 1;
  if (out.length < n) throw new RangeError('output buffer too short');
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 2 === 0) {
    const ints = new Int16Array(bytes.buffer, bytes.byteOffset, n);
    for (let i = 0; i < n; i++) out[i] = (ints[i] as number) * SCALE;
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i, true) * SCALE;
  }
  return out.subarray(0, n);
}
