// One direction of a call as heard by an endpoint: every available line encoding listens at once,
// each with its own frame parser, so a frame is answered in the encoding it arrived in.
import { FrameParser, type ParsedFrame } from '../framing/frame-parser.ts';
import type { SymbolModem, SymbolReceiver, VoiceMode } from './symbol-modem.ts';

/** A parsed frame and the encoding that carried it. */
export interface HeardFrame {
  readonly mode: VoiceMode;
  readonly parsed: ParsedFrame;
}

interface Listener {
  readonly modem: SymbolModem;
  readonly receiver: SymbolReceiver;
  readonly parser: FrameParser;
  lastSymbolSample: number;
}

/** Listens with several modems; time is counted in samples pushed. */
export class VoiceReceiver {
  private readonly listeners: Listener[];
  private samples = 0;

  constructor(
    modems: readonly SymbolModem[],
    private readonly sampleRate: number,
  ) {
    this.listeners = modems.map((modem) => ({
      modem,
      receiver: modem.createReceiver(),
      parser: new FrameParser(),
      lastSymbolSample: 0,
    }));
  }

  /** Feeds one block of audio; returns what was heard in it. */
  push(block: Float32Array): HeardFrame[] {
    this.samples += block.length;
    const heard: HeardFrame[] = [];
    for (const listener of this.listeners) {
      const symbols = listener.receiver.push(block);
      if (symbols !== '') listener.lastSymbolSample = this.samples;
      const parsed = [...listener.parser.push(symbols)];
      const quietMs = ((this.samples - listener.lastSymbolSample) / this.sampleRate) * 1000;
      if (listener.parser.inFrame && quietMs > listener.modem.interSymbolTimeoutMs)
        parsed.push(...listener.parser.idle());
      for (const p of parsed) heard.push({ mode: listener.modem.mode, parsed: p });
    }
    return heard;
  }

  /** True while some encoding holds part of a frame. */
  get inFrame(): boolean {
    return this.listeners.some((l) => l.parser.inFrame);
  }
}
