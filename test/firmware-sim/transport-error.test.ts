// The shared TransportError of every card link, and the card fault each stable code stands for.
import { describe, expect, it } from 'vitest';
import { AdaptorLinkError } from '../../firmware-sim/adaptor/link-error.ts';
import { faultOf } from '../../firmware-sim/handset/handset-support.ts';
import { cardFaultOf, TransportError } from '../../firmware-sim/transport-error.ts';

describe('TransportError', () => {
  it('keeps its code, message and cause', () => {
    const cause = new Error('SCardTransmit error: Card was removed.(0x80100069)');
    const error = new TransportError('PCSC_CARD_REMOVED', 'PC/SC transmit: removed', { cause });
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.message]).toEqual([
      'TransportError',
      'PCSC_CARD_REMOVED',
      'PC/SC transmit: removed',
    ]);
    expect(error.cause).toBe(cause);
  });

  it('is the base of the adaptor link errors', () => {
    const error = new AdaptorLinkError('ADAPTOR_SIM_SILENT', 'silent');
    expect(error).toBeInstanceOf(TransportError);
    expect(error.name).toBe('AdaptorLinkError');
  });

  it.each([
    ['PCSC_CARD_REMOVED', 'removed'],
    ['PCSC_NO_CARD', 'removed'],
    ['PCSC_NO_SERVICE', 'removed'],
    ['PCSC_NOT_TRANSACTED', 'removed'],
    ['SERIAL_CLOSED', 'removed'],
    ['ADAPTOR_SIM_REMOVED', 'removed'],
    ['PCSC_TIMEOUT', 'silent'],
    ['PCSC_CARD_MUTE', 'silent'],
    ['SERIAL_TIMEOUT', 'silent'],
    ['ADAPTOR_SIM_SILENT', 'silent'],
  ] as const)('reads %s as a %s card', (code, fault) => {
    expect(cardFaultOf(new TransportError(code, 'x'))).toBe(fault);
    expect(faultOf(new TransportError(code, 'x'))).toBe(fault);
  });

  it('goes by the class and code, not by the wording', () => {
    const lookalike = Object.assign(new Error('card removed'), {
      name: 'TransportError',
      code: 'PCSC_CARD_REMOVED',
    });
    expect(cardFaultOf(lookalike)).toBeUndefined();
    expect(faultOf(lookalike)).toBe('silent');
  });
});
