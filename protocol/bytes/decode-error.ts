// The one error type of every decoder: malformed bytes, with a stable code and the offset
// at which decoding stopped. Protocol outcomes (status words, result codes) are data, not errors.

/** Thrown by decoders for malformed input. `code` is a stable, domain-prefixed string. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly code: string,
    readonly offset: number,
    message: string,
  ) {
    super(`${code} at offset ${offset}: ${message}`);
  }
}
