// Failures of a voice call as a transport: no answer to set-up, no valid reply after every
// retransmission, the call cut, or a reply that does not decode. Stable `VOICE_*` codes.

/** A request could not be completed over the call. */
export class VoiceCallError extends Error {
  override readonly name = 'VoiceCallError';
  constructor(
    readonly code: 'VOICE_NO_REPLY' | 'VOICE_HUNG_UP' | 'VOICE_BAD_REPLY',
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
