// Failures of a link to a card (PC/SC reader, vpcd socket, serial reader) as one error type with
// a stable code, so callers tell "the reader went away" from a card's status word (ISO/IEC 7816-4 §5.6).

/** Stable codes; the prefix names the transport. */
export type TransportErrorCode =
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
  | 'PCSC_FAILED'
  | 'VPCD_PROTOCOL'
  | 'SERIAL_OPEN_FAILED'
  | 'SERIAL_CLOSED'
  | 'SERIAL_TIMEOUT'
  | 'SERIAL_PROTOCOL'
  | 'SERIAL_ECHO_MISMATCH';

/** The link to a card failed; `cause` keeps the native error. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** Runs `promise` with a deadline; on expiry rejects with TransportError `code`. */
export function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  code: TransportErrorCode,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new TransportError(code, `${what}: no answer within ${ms} ms`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
