// The SMS security application ("generator"): a Pay/Request/Balance/History menu whose requests
// leave as secured SMS with the next counter (TS 102 225 §5.1, saved before the SMS leaves), SMS
// stored for sending to the server rewritten into the secured form, plaintext SMS to the server
// refused by MO SHORT MESSAGE CONTROL (TS 31.111 §7.3.2), and server replies shown in clear
// (DISPLAY TEXT; a class 2 reply is stored on the card as a plaintext EF_SMS record).
import { decodeEnvelope } from '../../../protocol/cat/envelope.ts';
import { encodeMoSmsControlResponse } from '../../../protocol/cat/mo-sms-control.ts';
import { responseApdu } from '../../../protocol/iso7816/apdu.ts';
import { encodeGsm7Septets } from '../../../protocol/sms/gsm7-alphabet.ts';
import { encodeEfSmsRecord } from '../../../protocol/sms/ef-sms-record.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { userDataText } from '../../../protocol/sms/user-data.ts';
import {
  PASS,
  type AdaptorApplication,
  type HandsetCommand,
  type PreSimDecision,
  type SystemApi,
} from '../application.ts';
import { PAYMENT_TAR, type AdaptorConfig } from '../config.ts';
import { sealForServer } from '../secured-channel.ts';
import { dialogueRunner, displayText } from './dialogue-runner.ts';
import { packetFor, receiveSecured } from './incoming.ts';
import { dataText, PAYMENT_KEYWORDS, requestData } from './payment-request.ts';
import {
  isServerAddress,
  plaintextRecord,
  securedSubmit,
  serverPacketIn,
  storedPlainSubmit,
} from './server-sms.ts';

/** Most octets of a command packet in one SMS: 140 minus the UDH (UDHL, IEI 70, IEDL). */
export const MAX_PACKET_IN_SMS = 137;
const INS_ENVELOPE = 0xc2;
const MO_CONTROL_TAG = 0xd5;

/** Seals `data` with the next counter, saved first; undefined when it does not fit one SMS. */
function seal(
  data: Uint8Array,
  api: SystemApi,
): { packet: Uint8Array; counter: number } | undefined {
  const counter = api.settings.uplinkCounter + 1;
  const packet = sealForServer(data, counter, api.settings, api.cipher);
  if (packet.length > MAX_PACKET_IN_SMS) return undefined;
  api.updateSettings((s) => ({ ...s, uplinkCounter: counter }));
  return { packet, counter };
}

/** Creates the application; its session state lives until the next handset reset. */
export function generatorApplication(config: AdaptorConfig): AdaptorApplication {
  let allowedSends = 0;
  const dialogue = dialogueRunner((request, api) => {
    const sealed = seal(requestData(request), api);
    if (sealed === undefined) return api.queueCommand(displayText('Request too long'));
    const submit = securedSubmit(sealed.packet, api.settings.serverNumber, config.uplinkPid, 0);
    allowedSends++;
    api.notify({ type: 'sms.intercepted', path: 'menu', counter: sealed.counter });
    api.queueCommand({
      type: 'sendShortMessage',
      commandNumber: 1,
      packingRequired: false,
      alpha: 'Sending',
      tpdu: encodeSmsSubmit(submit),
    });
  });

  const incoming = (command: HandsetCommand, api: SystemApi): PreSimDecision | undefined => {
    const found = serverPacketIn(command, api.settings.serverNumber);
    if (found === undefined || !packetFor(found.packet, PAYMENT_TAR)) return undefined;
    let stored: Uint8Array | undefined;
    const response = receiveSecured(found, command, 'payment', config, api, (data, counter) => {
      const text = dataText(data);
      api.notify({ type: 'sms.plaintext', text, counter });
      api.queueCommand(displayText(text));
      if (found.via === 'stored-mt') stored = plaintextRecord(found.deliver, text, found.status);
    });
    if (response !== undefined) return { kind: 'answer', response };
    return stored === undefined
      ? PASS
      : { kind: 'replace', apdu: { ...command.apdu, data: stored } };
  };

  const storedSubmit = (command: HandsetCommand, api: SystemApi): PreSimDecision | undefined => {
    const found = storedPlainSubmit(command, api.settings.serverNumber);
    if (found === undefined || found.record.kind !== 'used') return undefined;
    const text = userDataText(found.submit.userData, found.submit.dcs) ?? '';
    const sealed = seal(encodeGsm7Septets(text), api);
    if (sealed === undefined) return { kind: 'answer', response: responseApdu(0x6a80) };
    const { serverNumber } = api.settings;
    const tpdu = securedSubmit(
      sealed.packet,
      serverNumber,
      config.uplinkPid,
      found.submit.messageReference,
    );
    allowedSends++;
    api.notify({ type: 'sms.intercepted', path: 'storage', counter: sealed.counter });
    const data = encodeEfSmsRecord({ ...found.record, tpdu });
    return { kind: 'replace', apdu: { ...command.apdu, data } };
  };

  const moControl = (command: HandsetCommand, api: SystemApi): PreSimDecision | undefined => {
    const { apdu } = command;
    if (apdu.ins !== INS_ENVELOPE || apdu.data[0] !== MO_CONTROL_TAG) return undefined;
    let envelope;
    try {
      envelope = decodeEnvelope(apdu.data);
    } catch {
      return undefined;
    }
    if (envelope.kind !== 'moShortMessageControl') return undefined;
    if (!isServerAddress(envelope.destination, api.settings.serverNumber)) return undefined;
    if (allowedSends > 0) {
      allowedSends--;
      return { kind: 'answer', response: responseApdu(0x9000) };
    }
    if (!api.settings.blockPlaintextToServer) return undefined;
    api.notify({ type: 'sms.intercepted', path: 'mo-control' });
    const data = encodeMoSmsControlResponse({ result: 'notAllowed', alpha: 'Use the Pay menu' });
    return { kind: 'answer', response: api.deferred(data, command.family) };
  };

  return {
    name: 'generator',
    events: ['handset.apdu'],
    menu: ['Pay', 'Request', 'Balance', 'History'],
    beforeCard(command, api) {
      return (
        incoming(command, api) ?? storedSubmit(command, api) ?? moControl(command, api) ?? PASS
      );
    },
    onMenu(index, api) {
      const keyword = PAYMENT_KEYWORDS[index];
      if (keyword !== undefined) dialogue.start(keyword, api);
    },
    onTerminalResponse(response, command, api) {
      dialogue.onResponse(response, command, api);
    },
    onReset() {
      dialogue.reset();
      allowedSends = 0;
    },
  };
}
