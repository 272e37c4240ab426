// The voice application: a menu entry collects a payment request, places a call to the IVR with
// SET UP CALL (TS 102 223 §6.4.13) and, once connected, sends the request with SEND DTMF (§6.4.24)
// as a sealed, CRC-checked data frame, twice, since SEND DTMF cannot hear the IVR's answer; the
// result comes by SMS (docs/voice-protocol.md "Calls from the SIM adaptor").
import { ResultCode } from '../../protocol/cat/result.ts';
import type { AdaptorApplication, SystemApi } from './application.ts';
import { dialogueRunner, displayText } from './generator/dialogue-runner.ts';
import type { PaymentRequest } from './generator/payment-request.ts';
import { ADAPTOR_FRAME_COPIES, voiceRequestFrame } from './voice-frame.ts';

/** Turns a request into a keypad message of the voice command table (ending in `#`). */
export interface VoiceEncoder {
  keypadMessage(request: PaymentRequest): string;
}

/** Longest DTMF string sent: a frame is at most 512 symbols (modem/framing/frame.ts). */
const DTMF = /^[0-9*#]{1,512}$/;

/** A frame waiting to be sent, and how many copies are still to go. */
interface Outgoing {
  readonly digits: string;
  copiesLeft: number;
}

/**
 * The frame for `request`, sealed under the next uplink counter, which is saved (before the
 * handset gets the call, so before any DTMF leaves) whatever becomes of the call.
 */
function frameFor(encoder: VoiceEncoder, request: PaymentRequest, api: SystemApi) {
  try {
    const keypad = encoder.keypadMessage(request);
    const counter = api.settings.uplinkCounter + 1;
    const digits = voiceRequestFrame(keypad, {
      keys: api.settings.keys,
      engine: api.cipher,
      counter,
    });
    api.updateSettings((s) => ({ ...s, uplinkCounter: counter }));
    return DTMF.test(digits) ? digits : undefined;
  } catch (error) {
    if (error instanceof Error) return undefined;
    throw error;
  }
}

/** Creates the voice application around `encoder`. */
export function voiceApplication(encoder: VoiceEncoder): AdaptorApplication {
  let outgoing: Outgoing | undefined;
  const dialogue = dialogueRunner((request, api) => {
    const digits = frameFor(encoder, request, api);
    if (digits === undefined) return api.queueCommand(displayText('Cannot encode request'));
    const number = api.settings.ivrNumber;
    const international = number.startsWith('+');
    outgoing = { digits, copiesLeft: ADAPTOR_FRAME_COPIES };
    api.queueCommand({
      type: 'setUpCall',
      commandNumber: 1,
      mode: 'ifNotBusy',
      address: { ton: international ? 1 : 0, npi: 1, digits: number.replace(/^\+/, '') },
      callSetUpAlpha: 'Calling payment line',
    });
  });
  const sendCopy = (api: SystemApi, sending: Outgoing): void => {
    sending.copiesLeft--;
    api.queueCommand({ type: 'sendDtmf', commandNumber: 1, digits: sending.digits });
  };
  return {
    name: 'voice',
    events: ['handset.apdu'],
    menu: ['Pay by voice'],
    onMenu(_index, api) {
      dialogue.start('PAY', api);
    },
    onTerminalResponse(response, command, api) {
      if (dialogue.onResponse(response, command, api)) return;
      const sending = outgoing;
      if (sending === undefined) return;
      if (command.type !== 'setUpCall' && command.type !== 'sendDtmf') return;
      if (response.result.code !== ResultCode.success) {
        outgoing = undefined;
        api.queueCommand(displayText('Call failed'));
        return;
      }
      if (command.type === 'setUpCall')
        api.notify({
          type: 'voice.request',
          number: api.settings.ivrNumber,
          digits: sending.digits,
        });
      if (sending.copiesLeft > 0) return sendCopy(api, sending);
      outgoing = undefined;
      api.queueCommand(displayText('Request sent. The result comes by SMS'));
    },
    onReset() {
      dialogue.reset();
      outgoing = undefined;
    },
  };
}
