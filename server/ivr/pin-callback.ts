// The IVR side of the PIN call-back (SOURCE-NOTES PIN-01, PIN-02; DESIGN.md "Encryption and sequence
// numbers"): the gateway holds a plain SMS command and asks for a call to the member; on that call
// this listens to the member's audio in 20 ms frames, detects the ITU-T Q.24 DTMF digits keyed up
// to `#` (`*` starts again), releases the held command with them through the gateway, and hangs up.
// Time is the audio heard, so a call that never ends its PIN times out without timers. The PIN
// is never logged, kept after the release, or part of the outcome.
//
// API for whoever places the call (the carrier's voice switch, a telephony front end):
//   const outcome = await runPinCallback(ivrEndOfTheCall, {
//     sampleRate: 8000, msisdn, release: (m, pin) => gateway.releasePin(m, pin) });
// or, frame by frame, `new PinCallbackDecoder(options)` with `push(frame)` until it returns the
// outcome, and `hangUp()` when the member hangs up first.
import { DtmfDetector } from '../../modem/dtmf/dtmf-detector.ts';
import type { VoiceLink } from '../../modem/voice/voice-link.ts';
import type { PinRelease } from '../gateway/gateway.ts';

/** Default call time allowed for keying the PIN and `#`: one minute. */
export const DEFAULT_PIN_TIMEOUT_MS = 60_000;

/** Most keys held before `#` (a PIN has at most 8 digits; longer entries are refused by the service). */
export const MAX_PIN_KEYS = 16;

/** What the call-back needs. */
export interface PinCallbackOptions {
  readonly sampleRate: number;
  /** The member called back (E.164). */
  readonly msisdn: string;
  /** Releases the member's held command with the keyed PIN (SmsGateway.releasePin). */
  readonly release: (msisdn: string, pin: string) => Promise<PinRelease>;
  /** Call time allowed for the PIN and `#`, in ms (default one minute). */
  readonly timeoutMs?: number;
}

/**
 * How the call-back ended: `released` once a PIN ended by `#` was handed to the gateway (`release`
 * says what it found and whether the payment rules refused, e.g. a wrong PIN), `timeout` when no
 * PIN was ended in time, `hung-up` when the member hung up first.
 */
export type PinCallbackOutcome =
  | { readonly kind: 'released'; readonly release: PinRelease; readonly atMs: number }
  | { readonly kind: 'timeout' | 'hung-up'; readonly atMs: number };

/** One call-back's DTMF decoder; push the member's audio, frame by frame. */
export class PinCallbackDecoder {
  private readonly detector: DtmfDetector;
  private readonly timeoutMs: number;
  private keys = '';
  private samples = 0;
  private outcome: PinCallbackOutcome | undefined;
  private releasing: Promise<PinCallbackOutcome> | undefined;

  constructor(private readonly options: PinCallbackOptions) {
    this.detector = new DtmfDetector({ sampleRate: options.sampleRate });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PIN_TIMEOUT_MS;
  }

  /** Call time so far, in ms. */
  get nowMs(): number {
    return (this.samples / this.options.sampleRate) * 1000;
  }

  /** Feeds one frame; resolves to the outcome once the call-back is over, else undefined. */
  async push(frame: Float32Array): Promise<PinCallbackOutcome | undefined> {
    if (this.outcome) return this.outcome;
    if (this.releasing) return this.releasing;
    this.samples += frame.length;
    for (const { digit } of this.detector.push(frame)) {
      if (digit === '#' && this.keys.length > 0) return this.release();
      if (digit === '*') this.keys = '';
      else if (/^[0-9]$/.test(digit) && this.keys.length < MAX_PIN_KEYS) this.keys += digit;
    }
    if (this.nowMs >= this.timeoutMs) return this.end('timeout');
    return undefined;
  }

  /** The member hung up. */
  hangUp(): PinCallbackOutcome {
    return this.end('hung-up');
  }

  private release(): Promise<PinCallbackOutcome> {
    const pin = this.keys;
    this.keys = '';
    const atMs = this.nowMs;
    this.releasing = this.options.release(this.options.msisdn, pin).then((release) => {
      this.outcome = { kind: 'released', release, atMs };
      return this.outcome;
    });
    return this.releasing;
  }

  private end(kind: 'timeout' | 'hung-up'): PinCallbackOutcome {
    this.keys = '';
    this.outcome ??= { kind, atMs: this.nowMs };
    return this.outcome;
  }
}

/** Serves the call-back on `link` (the IVR's end of the call) and hangs up when it is over. */
export async function runPinCallback(
  link: VoiceLink,
  options: PinCallbackOptions,
): Promise<PinCallbackOutcome> {
  const decoder = new PinCallbackDecoder(options);
  for (;;) {
    const frame = await link.receive();
    if (frame === undefined) return decoder.hangUp();
    const outcome = await decoder.push(frame);
    if (outcome) {
      link.hangUp();
      return outcome;
    }
  }
}
