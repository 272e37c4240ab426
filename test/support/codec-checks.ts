// Checks every codec test uses: truncation at every offset, and random bytes that may only ever
// produce a DecodeError (never another exception, never a hang).
import fc from 'fast-check';
import { expect } from 'vitest';
import { DecodeError } from '../../protocol/bytes/index.ts';

/** Every strict prefix of `bytes` must be rejected with a DecodeError. */
export function expectEveryTruncationRejected(
  bytes: Uint8Array,
  decode: (b: Uint8Array) => unknown,
): void {
  for (let length = 0; length < bytes.length; length++) {
    const prefix = bytes.slice(0, length);
    expect(() => decode(prefix), `prefix of ${length} byte(s)`).toThrow(DecodeError);
  }
}

/** Every strict prefix of `bytes` either decodes or throws a DecodeError (formats where a prefix can be valid). */
export function expectEveryTruncationDecodesOrRejects(
  bytes: Uint8Array,
  decode: (b: Uint8Array) => unknown,
): void {
  for (let length = 0; length < bytes.length; length++) {
    expectOnlyDecodeError(() => decode(bytes.slice(0, length)));
  }
}

/** Runs `run` and fails the test if it throws anything but a DecodeError. */
export function expectOnlyDecodeError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
}

/** Feeds random byte arrays (seeded) to `decode`; only DecodeError may escape. */
export function fuzzDecoder(
  decode: (b: Uint8Array) => unknown,
  options: { maxLength?: number; numRuns?: number; seed?: number } = {},
): void {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: options.maxLength ?? 300 }), (bytes) => {
      expectOnlyDecodeError(() => decode(bytes));
    }),
    { numRuns: options.numRuns ?? 2000, seed: options.seed ?? 7816 },
  );
}
