// A Phoenix reader joins TX and RX on the card's single I/O wire (ISO/IEC 7816-3 §7.1), so every
// byte the host sends comes back before the card answers. This removes that echo from the
// received stream, byte for byte, and reports a mismatch (a collision or a wrong line setting).
import { DecodeError } from '../../protocol/bytes/index.ts';

/** Incremental echo remover: `sent` records bytes written, `push` returns the card's bytes. */
export class EchoFilter {
  private expected: number[] = [];
  private seen = 0;

  /** Records bytes just written; their echo is expected next. */
  sent(bytes: Uint8Array): void {
    this.expected.push(...bytes);
  }

  /** Bytes still expected as echo. */
  get pending(): number {
    return this.expected.length;
  }

  /** Forgets expected echo (after a reset). */
  clear(): void {
    this.expected = [];
  }

  /** Feeds received bytes; returns those that are not echo. DecodeError on a wrong echo. */
  push(received: Uint8Array): Uint8Array {
    const out: number[] = [];
    for (const byte of received) {
      const want = this.expected.shift();
      if (want === undefined) out.push(byte);
      else if (want !== byte) {
        throw new DecodeError(
          'SERIAL_ECHO_MISMATCH',
          this.seen,
          `echo ${byte.toString(16).padStart(2, '0')} for ${want.toString(16).padStart(2, '0')}`,
        );
      }
      this.seen++;
    }
    return Uint8Array.from(out);
  }
}
