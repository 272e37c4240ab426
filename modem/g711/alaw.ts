// ITU-T G.711 §2 A-law (Table 1a/1b): 8-bit codes from 13-bit linear samples with the even bits
// inverted (XOR 0x55); arithmetic as in the G.191 reference coder.
import { floatToInt16, int16ToFloat } from './pcm16.ts';

/** Encodes one 16-bit linear sample to an A-law code (G.711 Table 1a decision values). */
export function aLawCompress(linear: number): number {
  let ix = linear < 0 ? ~linear >> 4 : linear >> 4;
  if (ix > 15) {
    let exponent = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      exponent++;
    }
    ix -= 16;
    ix += exponent << 4;
  }
  if (linear >= 0) ix |= 0x80;
  return ix ^ 0x55;
}

/** Decodes one A-law code to a 16-bit linear sample (G.711 Table 1b decoder output values). */
export function aLawExpand(code: number): number {
  const ix = (code ^ 0x55) & 0x7f;
  const exponent = ix >> 4;
  let mantissa = ix & 0x0f;
  if (exponent > 0) mantissa += 16;
  mantissa = (mantissa << 4) + 0x08;
  if (exponent > 1) mantissa <<= exponent - 1;
  return code > 127 ? mantissa : -mantissa;
}

/** A-law encodes float samples. */
export function encodeALaw(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++)
    out[i] = aLawCompress(floatToInt16(samples[i] as number));
  return out;
}

/** Decodes A-law codes to float samples. */
export function decodeALaw(codes: Uint8Array): Float32Array {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++)
    out[i] = int16ToFloat(A_LAW_TABLE[codes[i] as number] as number);
  return out;
}

const A_LAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => aLawExpand(code));
