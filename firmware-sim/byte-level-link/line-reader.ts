// Bytes off the ISO/IEC 7816-3 I/O line after the ATR, as character values: inverse-convention
// bytes converted (§8.1), and bytes read ahead of their consumer kept for the next read.
import { inverseConventionByte } from '../../protocol/iso7816/atr.ts';
import type { BytePort } from './byte-port.ts';

/** Converts between inverse-convention bytes and character values (the mapping is its own inverse). */
export const convert = (bytes: Uint8Array, inverse: boolean): Uint8Array =>
  inverse ? bytes.map(inverseConventionByte) : bytes;

/** The port seen as character values, with read-ahead pushed back by `unread`. */
export class LineReader {
  private pending: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly port: BytePort,
    private readonly inverse: boolean,
  ) {}

  /** Pending bytes first; otherwise the port's next chunk (empty after silence). */
  async read(): Promise<Uint8Array> {
    if (this.pending.length > 0) {
      const out = this.pending;
      this.pending = new Uint8Array(0);
      return out;
    }
    return convert(await this.port.read(), this.inverse);
  }

  /** Keeps `bytes` (already character values) for the next read. */
  unread(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const joined = new Uint8Array(bytes.length + this.pending.length);
    joined.set(bytes);
    joined.set(this.pending, bytes.length);
    this.pending = joined;
  }

  /** Sends character values, converted for an inverse-convention card. */
  write(bytes: Uint8Array): Promise<void> {
    return this.port.write(convert(bytes, this.inverse));
  }
}
