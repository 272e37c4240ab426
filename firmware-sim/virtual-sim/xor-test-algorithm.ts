// The XOR test algorithm of 3GPP TS 34.108 §8.1.2 (used by test SIMs and test equipment, never by
// live networks) and the conversion functions c2/c3 of TS 33.102 §6.8.1.2 that give a GSM SRES
// and Kc from its outputs.

/** Outputs of the test algorithm for one RAND. */
export interface XorVector {
  /** XDOUT = K ⊕ RAND; RES is XDOUT (16 bytes). */
  readonly res: Uint8Array;
  readonly ck: Uint8Array;
  readonly ik: Uint8Array;
  readonly ak: Uint8Array;
}

const rotate = (bytes: Uint8Array, by: number): Uint8Array =>
  Uint8Array.from(bytes, (_, i) => bytes[(i + by) % bytes.length]!);

/** Runs the algorithm; `k` and `rand` are 16 bytes each. */
export function xorTestAlgorithm(k: Uint8Array, rand: Uint8Array): XorVector {
  const xdout = Uint8Array.from(k, (b, i) => b ^ (rand[i] ?? 0));
  return { res: xdout, ck: rotate(xdout, 1), ik: rotate(xdout, 2), ak: xdout.slice(3, 9) };
}

/** MAC-A = XDOUT[0..63] ⊕ (SQN || AMF) (TS 34.108 §8.1.2.1). */
export function xorMac(vector: XorVector, sqn: Uint8Array, amf: Uint8Array): Uint8Array {
  const cdout = Uint8Array.of(...sqn, ...amf);
  return Uint8Array.from(vector.res.subarray(0, 8), (b, i) => b ^ (cdout[i] ?? 0));
}

/** c2: SRES = the XOR of the four 32-bit words of RES (16 bytes). */
export function c2(res: Uint8Array): Uint8Array {
  const out = new Uint8Array(4);
  res.forEach((b, i) => (out[i % 4]! ^= b));
  return out;
}

/** c3: Kc = CK1 ⊕ CK2 ⊕ IK1 ⊕ IK2 (64-bit halves). */
export function c3(ck: Uint8Array, ik: Uint8Array): Uint8Array {
  return Uint8Array.from({ length: 8 }, (_, i) => ck[i]! ^ ck[i + 8]! ^ ik[i]! ^ ik[i + 8]!);
}
