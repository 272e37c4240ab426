// The SMS security application ("generator"): a Pay/Request/Balance/History menu whose requests
// leave as secured SMS with the next counter (TS 102 225 §5.1, saved before the SMS leaves), SMS
// stored for sending to the server rewritten into the secured form, plaintext SMS to the server
// refused by MO SHORT MESSAGE CONTROL (TS 31.111 §7.3.2), and server replies shown in clear
// (DISPLAY TEXT; a class 2 reply is stored on the card as a plaintext EF_SMS record). A button
// on the device named after a keyword starts the same dialogue as the menu entry.
import { PASS, type AdaptorApplication } from '../application.ts';
import type { AdaptorConfig } from '../config.ts';
import { isSuccessfulResult } from '../../../protocol/cat/result.ts';
import { dialogueRunner, displayText } from './dialogue-runner.ts';
import {
  moControl,
  sendRequest,
  serverReply,
  storedSubmit,
  type GeneratorSession,
} from './generator-handlers.ts';
import { PAYMENT_KEYWORDS } from './payment-request.ts';

export { MAX_PACKET_IN_SMS } from './generator-handlers.ts';

/** Creates the application; its session state lives until the next handset reset. */
export function generatorApplication(config: AdaptorConfig): AdaptorApplication {
  const session: GeneratorSession = { config };
  const dialogue = dialogueRunner((request, api) => sendRequest(session, request, api));
  return {
    name: 'generator',
    events: ['handset.apdu', 'device.button'],
    menu: ['Pay', 'Request', 'Balance', 'History'],
    beforeCard(command, api) {
      return (
        serverReply(session, command, api) ??
        storedSubmit(session, command, api) ??
        moControl(command, api) ??
        PASS
      );
    },
    onMenu(index, api) {
      const keyword = PAYMENT_KEYWORDS[index];
      if (keyword !== undefined) dialogue.start(keyword, api);
    },
    onButton(button, api) {
      const keyword = PAYMENT_KEYWORDS.find((k) => k === button.toUpperCase());
      if (keyword !== undefined) dialogue.start(keyword, api);
    },
    onTerminalResponse(response, command, api) {
      if (dialogue.onResponse(response, command, api)) return;
      if (command.type === 'sendShortMessage' && !isSuccessfulResult(response.result.code)) {
        api.queueCommand(displayText('Not sent, please try again'));
      }
    },
    onReset() {
      dialogue.reset();
    },
  };
}
