// ITU-T G.711 §3 µ-law (Table 2a/2b): 8-bit codes from 14-bit linear samples, the even bits
// not inverted but the whole code word complemented; arithmetic as in the G.191 reference coder.
import { floatToInt16, int16ToFloat } from './pcm16.ts';

const BIAS = 33;
const MAX_MAGNITUDE = 0x1fff;

/** Encodes one 16-bit linear sample to a µ-law code (G.711 Table 2a decision values). */
export function muLawCompress(linear: number): number {
  const magnitude = linear < 0 ? (~linear >> 2) + BIAS : (linear >> 2) + BIAS;
  const absno = magnitude > MAX_MAGNITUDE ? MAX_MAGNITUDE : magnitude;
  let i = absno >> 6;
  let segment = 1;
  while (i !== 0) {
    segment++;
    i >>= 1;
  }
  const high = 0x08 - segment;
  const low = 0x0f - ((absno >> segment) & 0x0f);
  const code = (high << 4) | low;
  return linear >= 0 ? code | 0x80 : code;
}

/** Decodes one µ-law code to a 16-bit linear sample (G.711 Table 2b decoder output values). */
export function muLawExpand(code: number): number {
  const inverted = ~code & 0xff;
  const exponent = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  const step = 4 << (exponent + 1);
  const magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 4 * BIAS;
  return code < 0x80 ? 0 - magnitude : magnitude;
}

/** µ-law encodes float samples. */
export function encodeMuLaw(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++)
    out[i] = muLawCompress(floatToInt16(samples[i] as number));
  return out;
}

/** Decodes µ-law codes to float samples. */
export function decodeMuLaw(codes: Uint8Array): Float32Array {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++)
    out[i] = int16ToFloat(MU_LAW_TABLE[codes[i] as number] as number);
  return out;
}

const MU_LAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => muLawExpand(code));
