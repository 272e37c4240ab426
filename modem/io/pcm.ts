// Raw audio as 16-bit signed little-endian PCM, mono (what `sox -t raw -e signed-integer -b 16`
// and multimon-ng's raw mode read and write).
import { DecodeError } from '../../protocol/bytes/index.ts';
import { floatToInt16 } from '../g711/pcm16.ts';

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
  const n = bytes.length / 2;
  const out = new Float32Array(n);
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 2 === 0) {
    const ints = new Int16Array(bytes.buffer, bytes.byteOffset, n);
    for (let i = 0; i < n; i++) out[i] = (ints[i] as number) / 32768;
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i, true) / 32768;
  return out;
}
