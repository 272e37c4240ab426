// PC/SC return codes (pcsc-lite pcsclite.h, MS-SCARD §2.2.1 SCARD_E_* / SCARD_W_*) as read from
// @pokusew/pcsclite error messages ("SCardTransmit error: Card was removed.(0x80100069)"), mapped
// onto TransportError codes with a one-line hint.
import { TransportError, type TransportErrorCode } from '../../firmware-sim/transport-error.ts';

const BY_RETURN_CODE: ReadonlyMap<number, readonly [TransportErrorCode, string]> = new Map([
  [0x80100002, ['PCSC_CANCELLED', 'the PC/SC call was cancelled']],
  [0x80100003, ['PCSC_CLOSED', 'the PC/SC handle is no longer valid (pcscd restarted?)']],
  [0x80100009, ['PCSC_READER_GONE', 'the reader is not known to pcscd (unplugged?)']],
  [0x8010000a, ['PCSC_TIMEOUT', 'pcscd timed out']],
  [0x8010000b, ['PCSC_SHARING_VIOLATION', 'another application holds the card exclusively']],
  [0x8010000c, ['PCSC_NO_CARD', 'no card in the reader']],
  [0x8010000f, ['PCSC_PROTOCOL_MISMATCH', 'the card does not offer the requested protocol']],
  [0x80100013, ['PCSC_NO_SERVICE', 'lost the connection to pcscd (stopped or restarted)']],
  [0x80100016, ['PCSC_NOT_TRANSACTED', 'the reader could not complete the exchange']],
  [0x80100017, ['PCSC_READER_GONE', 'the reader became unavailable (unplugged?)']],
  [0x8010001d, ['PCSC_NO_SERVICE', 'pcscd is not running: start pcscd']],
  [0x8010001e, ['PCSC_NO_SERVICE', 'pcscd stopped: start pcscd']],
  [0x8010002e, ['PCSC_NO_READER', 'no reader is connected']],
  [0x80100065, ['PCSC_CARD_MUTE', 'the card is not supported (no valid ATR)']],
  [0x80100066, ['PCSC_CARD_MUTE', 'the card does not answer']],
  [0x80100067, ['PCSC_CARD_MUTE', 'the card is not powered']],
  [0x80100068, ['PCSC_CARD_RESET', 'the card was reset by another application']],
  [0x80100069, ['PCSC_CARD_REMOVED', 'the card was removed']],
]);

/** The PC/SC return code in a native error message, if any. */
export function pcscReturnCode(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\(0x([0-9a-fA-F]{8})\)/.exec(message);
  return match === null ? undefined : Number.parseInt(match[1]!, 16);
}

/** Wraps a native error from `doing` (e.g. "transmit") as a TransportError. */
export function pcscError(error: unknown, doing: string): TransportError {
  if (error instanceof TransportError) return error;
  const returnCode = pcscReturnCode(error);
  const known = returnCode === undefined ? undefined : BY_RETURN_CODE.get(returnCode);
  const hex = returnCode === undefined ? '' : ` (0x${returnCode.toString(16)})`;
  if (known !== undefined) {
    return new TransportError(known[0], `PC/SC ${doing}: ${known[1]}${hex}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/not connected/i.test(message)) {
    return new TransportError('PCSC_CLOSED', `PC/SC ${doing}: not connected to the card`, {
      cause: error,
    });
  }
  return new TransportError('PCSC_FAILED', `PC/SC ${doing} failed: ${message}`, { cause: error });
}
