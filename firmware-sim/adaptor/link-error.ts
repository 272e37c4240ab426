// Why the adaptor could not answer the handset: the link-level failures of the CardLink port
// (a response that never comes is what a handset sees of a mute or missing card).
import { TransportError, type AdaptorTransportCode } from '../transport-error.ts';

export type AdaptorFailure = AdaptorTransportCode;

/** A failure of the link through the adaptor; `code` is stable, the message one line. */
export class AdaptorLinkError extends TransportError {
  override readonly name: string = 'AdaptorLinkError';
  constructor(
    override readonly code: AdaptorFailure,
    message: string,
  ) {
    super(code, message);
  }
}

const MESSAGES: Readonly<Record<AdaptorFailure, string>> = {
  ADAPTOR_SIM_REMOVED: 'the SIM behind the adaptor was removed',
  ADAPTOR_SIM_SILENT: 'the SIM behind the adaptor did not answer in time',
  ADAPTOR_RESET: 'the command was cut short by a reset',
  ADAPTOR_BUSY: 'a command is already in progress',
  ADAPTOR_NOT_STARTED: 'the adaptor has not been reset yet',
  ADAPTOR_STORAGE_FAILED: 'the adaptor could not read or write its settings',
};

/** The error for `code` with its one-line message. */
export const linkError = (code: AdaptorFailure): AdaptorLinkError =>
  new AdaptorLinkError(code, MESSAGES[code]);
