// The voice application: a menu entry collects a payment request, places a call to the IVR with
// SET UP CALL (TS 102 223 §6.4.13) and, once connected, sends the request as DTMF with SEND DTMF
// (§6.4.24). How a request becomes digits is a port (the keypad codec of modem/keypad fits it).
import { ResultCode } from '../../protocol/cat/result.ts';
import type { AdaptorApplication } from './application.ts';
import { dialogueRunner, displayText } from './generator/dialogue-runner.ts';
import type { PaymentRequest } from './generator/payment-request.ts';

/** Turns a request into DTMF digits (0-9, *, #). */
export interface VoiceEncoder {
  encodeRequestAsDigits(request: PaymentRequest): string;
}

const DTMF = /^[0-9*#]{1,200}$/;

/** Creates the voice application around `encoder`. */
export function voiceApplication(encoder: VoiceEncoder): AdaptorApplication {
  let digitsToSend: string | undefined;
  const dialogue = dialogueRunner((request, api) => {
    const digits = encoder.encodeRequestAsDigits(request);
    if (!DTMF.test(digits)) return api.queueCommand(displayText('Cannot encode request'));
    const number = api.settings.ivrNumber;
    const international = number.startsWith('+');
    digitsToSend = digits;
    api.queueCommand({
      type: 'setUpCall',
      commandNumber: 1,
      mode: 'ifNotBusy',
      address: { ton: international ? 1 : 0, npi: 1, digits: number.replace(/^\+/, '') },
      callSetUpAlpha: 'Calling payment line',
    });
  });
  return {
    name: 'voice',
    events: ['handset.apdu'],
    menu: ['Pay by voice'],
    onMenu(_index, api) {
      dialogue.start('PAY', api);
    },
    onTerminalResponse(response, command, api) {
      if (dialogue.onResponse(response, command, api)) return;
      if (command.type !== 'setUpCall' || digitsToSend === undefined) return;
      const digits = digitsToSend;
      digitsToSend = undefined;
      if (response.result.code !== ResultCode.success) {
        api.queueCommand(displayText('Call failed'));
        return;
      }
      api.notify({ type: 'voice.request', number: api.settings.ivrNumber, digits });
      api.queueCommand({ type: 'sendDtmf', commandNumber: 1, digits });
    },
    onReset() {
      dialogue.reset();
      digitsToSend = undefined;
    },
  };
}
