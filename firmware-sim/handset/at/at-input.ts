// The character stream a DCE reads (ITU-T V.250 §5.2.1 command line editing: CR ends a line,
// backspace deletes, LF is ignored) and the message entry of TS 27.005 §3.5.1 / §4.3 after the
// `> ` prompt: text or PDU hex ending with Ctrl-Z (send) or ESC (cancel).

/** What a chunk of input completed. */
export type AtInputEvent =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'cancel' };

const CR = 0x0d;
const LF = 0x0a;
const BACKSPACE = 0x08;
const CTRL_Z = 0x1a;
const ESC = 0x1b;

/** Longest line or message entry kept; longer input is cut (V.250 lets the DCE discard it). */
export const MAX_INPUT = 4096;

/** Splits incoming bytes into lines and message entries. */
export class AtInput {
  private buffer = '';
  private entry = false;

  /** After a `> ` prompt: collect a message until Ctrl-Z or ESC. */
  startMessage(): void {
    this.entry = true;
    this.buffer = '';
  }

  get inMessage(): boolean {
    return this.entry;
  }

  /** Feeds bytes; returns what they completed, in order. */
  push(bytes: Uint8Array): AtInputEvent[] {
    const events: AtInputEvent[] = [];
    for (const byte of bytes) {
      const event = this.entry ? this.messageByte(byte) : this.lineByte(byte);
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  private lineByte(byte: number): AtInputEvent | undefined {
    if (byte === CR) {
      const text = this.buffer;
      this.buffer = '';
      return text.trim() === '' ? undefined : { kind: 'line', text };
    }
    if (byte === LF || byte === 0) return undefined;
    if (byte === BACKSPACE) {
      this.buffer = this.buffer.slice(0, -1);
      return undefined;
    }
    if (this.buffer.length < MAX_INPUT) this.buffer += String.fromCharCode(byte);
    return undefined;
  }

  private messageByte(byte: number): AtInputEvent | undefined {
    if (byte === CTRL_Z || byte === ESC) {
      const text = this.buffer;
      this.buffer = '';
      this.entry = false;
      return byte === ESC ? { kind: 'cancel' } : { kind: 'message', text };
    }
    if (byte === BACKSPACE) {
      this.buffer = this.buffer.slice(0, -1);
      return undefined;
    }
    if (this.buffer.length < MAX_INPUT) this.buffer += String.fromCharCode(byte);
    return undefined;
  }
}
