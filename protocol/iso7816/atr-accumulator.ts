// ISO/IEC 7816-3 §8.1-§8.2: collect an ATR off a serial line byte by byte and tell when it is
// complete. TS tells the convention: 3B direct; 03 (sampled in the direct convention) or 3F inverse.
import { DecodeError } from '../bytes/index.ts';
import {
  ATR_MAX_LENGTH,
  TS_DIRECT,
  TS_INVERSE,
  atrLength,
  decodeAtr,
  inverseConventionByte,
  type Atr,
} from './atr.ts';

/** TS of an inverse-convention card as sampled by a UART set to the direct convention. */
export const TS_INVERSE_SAMPLED_DIRECT = 0x03;

/** A complete ATR: the decoded value, its bytes as character values, and bytes that followed it. */
export interface AtrComplete {
  readonly atr: Atr;
  readonly bytes: Uint8Array;
  /** Bytes after the ATR in the same chunk, as received (not converted). */
  readonly rest: Uint8Array;
}

/**
 * Incremental ATR reader for a serial line. `push` returns undefined until the ATR is complete,
 * then the ATR; it throws DecodeError for a bad TS, a bad TCK or more than 33 bytes.
 *
 * @example
 * const acc = new AtrAccumulator();
 * acc.push(fromHex('3b02')); // undefined
 * acc.push(fromHex('1450'))?.atr.historical; // 14 50
 */
export class AtrAccumulator {
  private readonly buffer: number[] = [];
  private sampledInverse = false;
  private done = false;

  /** True when the bytes received so far are read in the inverse convention. */
  get inverse(): boolean {
    return this.sampledInverse;
  }

  /** Feeds bytes as received. Once complete, further calls throw ATR_ALREADY_COMPLETE. */
  push(chunk: Uint8Array): AtrComplete | undefined {
    if (this.done)
      throw new DecodeError('ATR_ALREADY_COMPLETE', this.buffer.length, 'ATR complete');
    for (let i = 0; i < chunk.length; i++) {
      this.buffer.push(this.toCharacter(chunk[i]!));
      const total = atrLength(Uint8Array.from(this.buffer));
      if (total === undefined || this.buffer.length < total) {
        if (this.buffer.length >= ATR_MAX_LENGTH) {
          throw new DecodeError('ATR_TOO_LONG', this.buffer.length, 'more than 33 bytes');
        }
        continue;
      }
      const bytes = Uint8Array.from(this.buffer);
      const atr = decodeAtr(bytes);
      this.done = true;
      return { atr, bytes, rest: chunk.slice(i + 1) };
    }
    return undefined;
  }

  private toCharacter(byte: number): number {
    if (this.buffer.length === 0) {
      if (byte === TS_INVERSE_SAMPLED_DIRECT) this.sampledInverse = true;
      else if (byte !== TS_DIRECT && byte !== TS_INVERSE) {
        throw new DecodeError('ATR_BAD_TS', 0, `TS ${byte.toString(16)} is not 3B, 3F or 03`);
      }
    }
    return this.sampledInverse ? inverseConventionByte(byte) : byte;
  }
}
