// Helpers over blocks of audio samples (Float32 in [-1, 1], see level.ts).

/** The blocks joined end to end, in order. */
export function concatSamples(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
