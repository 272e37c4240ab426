// The shared TransportError of every card link, the card fault each stable code stands for, and
// the adaptor's fault states chosen by class and code.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import {
  adaptorMachine,
  type AdaptorCore,
  type AdaptorEvent,
} from '../../firmware-sim/adaptor/index.ts';
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

describe('the adaptor on a failed card link', () => {
  const [initial] = initialTransition(adaptorMachine, { core: {} as AdaptorCore });
  const at = (value: string) => adaptorMachine.resolveState({ value, context: initial.context });
  const failed = (id: string, error: unknown) =>
    ({ type: `xstate.error.actor.${id}`, error }) as unknown as AdaptorEvent;

  it.each([
    ['exchanging', 'exchange', new TransportError('PCSC_TIMEOUT', 'late'), 'simSilent'],
    ['exchanging', 'exchange', new TransportError('PCSC_NOT_TRANSACTED', 'gone'), 'simRemoved'],
    ['exchanging', 'exchange', new Error('no code'), 'simRemoved'],
    ['resetting', 'resetCard', new TransportError('SERIAL_TIMEOUT', 'no ATR'), 'simSilent'],
    ['resetting', 'resetCard', new TransportError('PCSC_NO_SERVICE', 'no pcscd'), 'simRemoved'],
  ] as const)('goes from %s (%s failing with %o) to %s', (from, actor, error, to) => {
    const [next] = transition(adaptorMachine, at(from), failed(actor, error));
    expect(next.value).toBe(to);
  });
});
