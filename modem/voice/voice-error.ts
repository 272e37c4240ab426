// Failures of a voice call as a transport: no answer to set-up, no valid reply after every
// retransmission, the call cut, a reply that does not decode (or is not sealed when it must be),
// or the IVR's unauthenticated refusal. Stable `VOICE_*` codes.

/** A request could not be completed over the call. */
export class VoiceCallError extends Error {
  override readonly name = 'VoiceCallError';
  constructor(
    readonly code: 'VOICE_NO_REPLY' | 'VOICE_HUNG_UP' | 'VOICE_BAD_REPLY' | 'VOICE_REFUSED',
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
