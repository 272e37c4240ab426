// ITU-T Q.23 §3 DTMF transmitter: each key as the sum of its row and column sines at the nominal
// frequencies, with the level per tone in dBm0, the high-group twist, and tone/pause durations.
import { dbm0ToAmplitude } from '../level.ts';
import { COLUMN_FREQUENCIES, ROW_FREQUENCIES, firstInvalidKey, keyPosition } from './keys.ts';

/** How digits are sent. */
export interface DtmfToneOptions {
  readonly sampleRate: number;
  /** Duration of each tone in milliseconds. */
  readonly toneMs: number;
  /** Silence after each tone in milliseconds. */
  readonly gapMs: number;
  /** Level of the low-group (row) tone in dBm0. */
  readonly levelDbm0: number;
  /** High-group level minus low-group level in dB (Q.24: +4 reverse ... -8 normal); default 0. */
  readonly twistDb?: number;
  /** Relative offset applied to every frequency (0.015 = +1.5%); default 0. */
  readonly frequencyOffset?: number;
}

/** Checks the options and digits; throws a RangeError naming the first problem. */
export function checkToneOptions(digits: string, options: DtmfToneOptions): void {
  const bad = firstInvalidKey(digits);
  if (bad !== undefined) throw new RangeError(`'${bad}' is not a DTMF key (0-9, A-D, *, #)`);
  if (!Number.isFinite(options.sampleRate) || options.sampleRate < 4000)
    throw new RangeError(`sample rate ${options.sampleRate} Hz is below 4000 Hz`);
  if (!(options.toneMs >= 0) || !(options.gapMs >= 0))
    throw new RangeError('tone and gap durations must not be negative');
}

/** Generates `digits` as DTMF: for each key, a tone of `toneMs` then `gapMs` of silence. */
export function generateDtmf(digits: string, options: DtmfToneOptions): Float32Array {
  checkToneOptions(digits, options);
  const toneSamples = Math.round((options.toneMs * options.sampleRate) / 1000);
  const gapSamples = Math.round((options.gapMs * options.sampleRate) / 1000);
  const out = new Float32Array([...digits].length * (toneSamples + gapSamples));
  let offset = 0;
  for (const key of digits) {
    writeTone(out, offset, toneSamples, key, options);
    offset += toneSamples + gapSamples;
  }
  return out;
}

/** Adds the dual tone of `key` into `out[offset .. offset + length)`. */
export function writeTone(
  out: Float32Array,
  offset: number,
  length: number,
  key: string,
  options: DtmfToneOptions,
): void {
  const position = keyPosition(key);
  if (position === undefined) throw new RangeError(`'${key}' is not a DTMF key (0-9, A-D, *, #)`);
  const scale = 1 + (options.frequencyOffset ?? 0);
  const lowAmplitude = dbm0ToAmplitude(options.levelDbm0);
  const highAmplitude = dbm0ToAmplitude(options.levelDbm0 + (options.twistDb ?? 0));
  const wLow =
    (2 * Math.PI * (ROW_FREQUENCIES[position.row] as number) * scale) / options.sampleRate;
  const wHigh =
    (2 * Math.PI * (COLUMN_FREQUENCIES[position.column] as number) * scale) / options.sampleRate;
  for (let n = 0; n < length; n++) {
    const i = offset + n;
    out[i] =
      (out[i] as number) + lowAmplitude * Math.sin(wLow * n) + highAmplitude * Math.sin(wHigh * n);
  }
}
