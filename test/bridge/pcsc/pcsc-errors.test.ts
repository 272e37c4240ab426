// pcsc-lite return codes (pcsclite.h SCARD_E_* / SCARD_W_*) onto stable TransportError codes.
import { describe, expect, it } from 'vitest';
import { pcscError, pcscReturnCode } from '../../../bridge/pcsc/pcsc-errors.ts';
import { TransportError } from '../../../firmware-sim/transport-error.ts';

describe('PC/SC errors', () => {
  it.each([
    ['SCardTransmit error: Card was removed.(0x80100069)', 'PCSC_CARD_REMOVED'],
    ['SCardConnect error: No smart card inserted.(0x8010000c)', 'PCSC_NO_CARD'],
    ['SCardListReaders error: Service not available.(0x8010001d)', 'PCSC_NO_SERVICE'],
    ['SCardGetStatusChange error: RPC transport error.(0x80100013)', 'PCSC_NO_SERVICE'],
    ['SCardGetStatusChange error: Command cancelled.(0x80100002)', 'PCSC_CANCELLED'],
    ['SCardConnect error: Sharing violation.(0x8010000b)', 'PCSC_SHARING_VIOLATION'],
    ['SCardTransmit error: Transaction failed.(0x80100016)', 'PCSC_NOT_TRANSACTED'],
    ['SCardConnect error: Reader is unavailable.(0x80100017)', 'PCSC_READER_GONE'],
    ['SCardTransmit error: Invalid handle.(0x80100003)', 'PCSC_CLOSED'],
    ['Card Reader not connected', 'PCSC_CLOSED'],
    ['SCardTransmit error: Unknown.(0x80100001)', 'PCSC_FAILED'],
  ])('%s -> %s', (message, code) => {
    const error = pcscError(new Error(message), 'transmit');
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('\n');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('reads the return code and passes TransportError through', () => {
    expect(pcscReturnCode(new Error('x (0x8010001E)'))).toBe(0x8010001e);
    expect(pcscReturnCode('no code')).toBeUndefined();
    const same = new TransportError('PCSC_TIMEOUT', 'late');
    expect(pcscError(same, 'transmit')).toBe(same);
  });
});
