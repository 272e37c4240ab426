// Conversion between Float32 samples and 16-bit linear PCM, the scale on which the ITU-T G.191
// reference coders for G.711 operate (full scale 1.0 = 32768).

/** Float sample in [-1, 1] to a 16-bit integer, rounded and saturated. */
export function floatToInt16(x: number): number {
  const v = Math.round(x * 32768);
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

/** 16-bit integer to a float sample. */
export function int16ToFloat(v: number): number {
  return v / 32768;
}
