// A read cursor over a byte array for nested decoders. Every read past the end throws
// DecodeError with the given code prefix, so truncated input never yields undefined.
import { DecodeError } from './decode-error.ts';

/** Sequential big-endian reader. `domain` prefixes error codes (`SMS_TRUNCATED`). */
export class ByteReader {
  private position = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly domain = 'BYTES',
    private readonly base = 0,
  ) {}

  /** Offset of the next byte, relative to the start of the whole input. */
  get offset(): number {
    return this.base + this.position;
  }

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  get atEnd(): boolean {
    return this.position >= this.bytes.length;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.position++]!;
  }

  peekU8(): number {
    this.need(1);
    return this.bytes[this.position]!;
  }

  u16(): number {
    this.need(2);
    const value = (this.bytes[this.position]! << 8) | this.bytes[this.position + 1]!;
    this.position += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const b = this.bytes;
    const p = this.position;
    this.position += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** The next `length` bytes, as a copy. */
  take(length: number): Uint8Array {
    this.need(length);
    const out = this.bytes.slice(this.position, this.position + length);
    this.position += length;
    return out;
  }

  /** A reader over the next `length` bytes, whose errors report whole-input offsets. */
  sub(length: number): ByteReader {
    const start = this.offset;
    return new ByteReader(this.take(length), this.domain, start);
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  /** Throws `<DOMAIN>_TRAILING_BYTES` unless every byte was consumed. */
  expectEnd(what = 'structure'): void {
    if (!this.atEnd) {
      throw new DecodeError(
        `${this.domain}_TRAILING_BYTES`,
        this.offset,
        `${this.remaining} byte(s) after the end of the ${what}`,
      );
    }
  }

  /** Throws a DecodeError at the current offset in this reader's domain. */
  fail(code: string, message: string): never {
    throw new DecodeError(`${this.domain}_${code}`, this.offset, message);
  }

  private need(length: number): void {
    if (length < 0 || this.position + length > this.bytes.length) {
      this.fail('TRUNCATED', `needs ${length} byte(s), ${this.remaining} left`);
    }
  }
}
