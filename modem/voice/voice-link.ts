// The ports a voice endpoint talks through: the call's audio in both directions and a clock.
// Real links (sound devices, files, a telephony stack) live in I/O folders; simulated-call.ts is the fake.

/** One end of an established call. */
export interface VoiceLink {
  /** Queues audio to be played to the far end, after whatever is already queued. */
  send(samples: Float32Array): void;
  /** The next block of audio heard from the far end; undefined once the call has ended. */
  receive(): Promise<Float32Array | undefined>;
  /** Ends the call. */
  hangUp(): void;
}

/** Time as the endpoint sees it, in ms; injected so that tests and simulations control it. */
export interface Clock {
  nowMs(): number;
}
