// Streaming frame delimiting: collects received symbols up to each `#` and decodes the frame, so that
// a damaged frame is reported (for a NAK or a resend) instead of silently dropped.
import { DecodeError } from '../../protocol/bytes/index.ts';
import { decodeFrame, MAX_FRAME_SYMBOLS, type Frame } from './frame.ts';

/** What the parser found: a good frame, or a damaged one with the decoder's reason. */
export type ParsedFrame =
  | { readonly kind: 'frame'; readonly frame: Frame }
  | { readonly kind: 'damaged'; readonly code: string; readonly symbols: string };

/** Shortest symbol run (before `#` or an idle gap) reported as a damaged frame; shorter runs are noise. */
export const MIN_DAMAGED_SYMBOLS = 3;

/** Incremental parser: `push` symbols as they are detected, `idle` when the line has gone quiet. */
export class FrameParser {
  private pending = '';

  /** Feeds symbols (`0-9*#`; anything else breaks the frame in progress). */
  push(symbols: string): ParsedFrame[] {
    const out: ParsedFrame[] = [];
    for (const symbol of symbols) {
      if (!/[0-9*#]/.test(symbol)) {
        this.dropPending(out, 'FRAME_BAD_SYMBOL');
        continue;
      }
      this.pending += symbol;
      if (symbol === '#') this.finish(out);
      else if (this.pending.length > MAX_FRAME_SYMBOLS) this.dropPending(out, 'FRAME_TOO_LONG');
    }
    return out;
  }

  /** The line went quiet: a frame still open has lost its terminator. */
  idle(): ParsedFrame[] {
    const out: ParsedFrame[] = [];
    this.dropPending(out, 'FRAME_NO_TERMINATOR');
    return out;
  }

  /** True while symbols of an unfinished frame are held. */
  get inFrame(): boolean {
    return this.pending.length > 0;
  }

  private finish(out: ParsedFrame[]): void {
    const symbols = this.pending;
    this.pending = '';
    try {
      out.push({ kind: 'frame', frame: decodeFrame(symbols) });
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      if (symbols.length >= MIN_DAMAGED_SYMBOLS)
        out.push({ kind: 'damaged', code: error.code, symbols });
    }
  }

  private dropPending(out: ParsedFrame[], code: string): void {
    if (this.pending.length >= MIN_DAMAGED_SYMBOLS)
      out.push({ kind: 'damaged', code, symbols: this.pending });
    this.pending = '';
  }
}
