// Failures of a link to a card (PC/SC reader, vpcd socket, serial reader, the SIM adaptor) as one
// error type with a stable code, so a terminal tells "the card went away" from a card's status
// word (ISO/IEC 7816-4 §5.6: a status word is a response, a TransportError is a failed link).

/** Codes of a link through pcscd (pcsc-lite return codes, see bridge/pcsc/pcsc-errors.ts). */
export type PcscTransportCode =
  | 'PCSC_UNAVAILABLE'
  | 'PCSC_NO_SERVICE'
  | 'PCSC_NO_READER'
  | 'PCSC_READER_GONE'
  | 'PCSC_NO_CARD'
  | 'PCSC_CARD_REMOVED'
  | 'PCSC_CARD_RESET'
  | 'PCSC_CARD_MUTE'
  | 'PCSC_SHARING_VIOLATION'
  | 'PCSC_PROTOCOL_MISMATCH'
  | 'PCSC_NOT_TRANSACTED'
  | 'PCSC_CANCELLED'
  | 'PCSC_TIMEOUT'
  | 'PCSC_CLOSED'
  | 'PCSC_FAILED';

/** Codes of a serial reader (a Phoenix reader on a serial port or pty). */
export type SerialTransportCode =
  | 'SERIAL_OPEN_FAILED'
  | 'SERIAL_CLOSED'
  | 'SERIAL_TIMEOUT'
  | 'SERIAL_PROTOCOL'
  | 'SERIAL_ECHO_MISMATCH';

/** Codes of the SIM adaptor's link toward the handset (firmware-sim/adaptor/link-error.ts). */
export type AdaptorTransportCode =
  | 'ADAPTOR_SIM_REMOVED'
  | 'ADAPTOR_SIM_SILENT'
  | 'ADAPTOR_RESET'
  | 'ADAPTOR_BUSY'
  | 'ADAPTOR_NOT_STARTED'
  | 'ADAPTOR_STORAGE_FAILED';

/** Stable codes; the prefix names the transport. */
export type TransportErrorCode =
  | PcscTransportCode
  | SerialTransportCode
  | AdaptorTransportCode
  | 'VPCD_PROTOCOL'
  | 'VPCD_UNREACHABLE';

/** The link to a card failed; `cause` keeps the underlying error. */
export class TransportError extends Error {
  override readonly name: string = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** What a terminal makes of a failed link: the card is gone, or it is there but not answering. */
export type CardFault = 'removed' | 'silent';

const FAULTS: Readonly<Record<TransportErrorCode, CardFault>> = {
  PCSC_UNAVAILABLE: 'removed',
  PCSC_NO_SERVICE: 'removed',
  PCSC_NO_READER: 'removed',
  PCSC_READER_GONE: 'removed',
  PCSC_NO_CARD: 'removed',
  PCSC_CARD_REMOVED: 'removed',
  PCSC_CARD_RESET: 'silent',
  PCSC_CARD_MUTE: 'silent',
  PCSC_SHARING_VIOLATION: 'silent',
  PCSC_PROTOCOL_MISMATCH: 'silent',
  PCSC_NOT_TRANSACTED: 'removed',
  PCSC_CANCELLED: 'silent',
  PCSC_TIMEOUT: 'silent',
  PCSC_CLOSED: 'removed',
  PCSC_FAILED: 'silent',
  SERIAL_OPEN_FAILED: 'removed',
  SERIAL_CLOSED: 'removed',
  SERIAL_TIMEOUT: 'silent',
  SERIAL_PROTOCOL: 'silent',
  SERIAL_ECHO_MISMATCH: 'silent',
  ADAPTOR_SIM_REMOVED: 'removed',
  ADAPTOR_SIM_SILENT: 'silent',
  ADAPTOR_RESET: 'silent',
  ADAPTOR_BUSY: 'silent',
  ADAPTOR_NOT_STARTED: 'silent',
  ADAPTOR_STORAGE_FAILED: 'silent',
  VPCD_PROTOCOL: 'silent',
  VPCD_UNREACHABLE: 'removed',
};

/**
 * The card fault a TransportError stands for, by its code: a vanished card, reader, daemon or line
 * is a removal; a deadline or a garbled exchange is a silent card. Undefined for any other error.
 */
export function cardFaultOf(error: unknown): CardFault | undefined {
  return error instanceof TransportError ? FAULTS[error.code] : undefined;
}
