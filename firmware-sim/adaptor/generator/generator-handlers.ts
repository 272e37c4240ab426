// The payment application's call-outs, one per path of a secured SMS: the request from the menu
// (TS 102 223 §6.4.10 SEND SHORT MESSAGE), a reply from the server (TS 31.111 §7.1.1, TS 51.011
// §10.5.3), an SMS stored for sending (UPDATE RECORD of EF_SMS) and MO SMS control (§7.3.2).
import { decodeEnvelope } from '../../../protocol/cat/envelope.ts';
import { encodeMoSmsControlResponse } from '../../../protocol/cat/mo-sms-control.ts';
import { responseApdu } from '../../../protocol/iso7816/apdu.ts';
import { encodeEfSmsRecord } from '../../../protocol/sms/ef-sms-record.ts';
import { encodeGsm7Septets } from '../../../protocol/sms/gsm7-alphabet.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { userDataText } from '../../../protocol/sms/user-data.ts';
import { PASS, type HandsetCommand, type PreSimDecision, type SystemApi } from '../application.ts';
import { PAYMENT_TAR, type AdaptorConfig } from '../config.ts';
import { sealForServer } from '../secured-channel.ts';
import { displayText } from './dialogue-runner.ts';
import { packetFor, receiveSecured } from './incoming.ts';
import { dataText, requestData, type PaymentRequest } from './payment-request.ts';
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

/** What the application works with. */
export interface GeneratorSession {
  readonly config: AdaptorConfig;
}

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

/** The completed menu request leaves as a SEND SHORT MESSAGE of a secured SMS-SUBMIT. */
export function sendRequest(
  session: GeneratorSession,
  request: PaymentRequest,
  api: SystemApi,
): void {
  const sealed = seal(requestData(request), api);
  if (sealed === undefined) return api.queueCommand(displayText('Request too long'));
  const { serverNumber } = api.settings;
  const submit = securedSubmit(sealed.packet, serverNumber, session.config.uplinkPid, 0);
  api.notify({ type: 'sms.intercepted', path: 'menu', counter: sealed.counter });
  api.queueCommand({
    type: 'sendShortMessage',
    commandNumber: 1,
    packingRequired: false,
    alpha: 'Sending',
    tpdu: encodeSmsSubmit(submit),
  });
}

/** A reply from the server: shown, and stored in clear when it came as a class 2 SMS. */
export function serverReply(
  session: GeneratorSession,
  command: HandsetCommand,
  api: SystemApi,
): PreSimDecision | undefined {
  const found = serverPacketIn(command, api.settings.serverNumber);
  if (found === undefined || !packetFor(found.packet, PAYMENT_TAR)) return undefined;
  let stored: Uint8Array | undefined;
  const response = receiveSecured(
    found,
    command,
    'payment',
    session.config,
    api,
    (data, counter) => {
      const text = dataText(data);
      api.notify({ type: 'sms.plaintext', text, counter });
      api.queueCommand(displayText(text));
      if (found.via === 'stored-mt') stored = plaintextRecord(found.deliver, text, found.status);
    },
  );
  if (response !== undefined) return { kind: 'answer', response };
  return stored === undefined ? PASS : { kind: 'replace', apdu: { ...command.apdu, data: stored } };
}

/** An SMS the handset stores to send to the server goes to the card in the secured form. */
export function storedSubmit(
  session: GeneratorSession,
  command: HandsetCommand,
  api: SystemApi,
): PreSimDecision | undefined {
  const found = storedPlainSubmit(command, api.settings.serverNumber);
  if (found === undefined || found.record.kind !== 'used') return undefined;
  const text = userDataText(found.submit.userData, found.submit.dcs) ?? '';
  const sealed = seal(encodeGsm7Septets(text), api);
  if (sealed === undefined) return { kind: 'answer', response: responseApdu(0x6a80) };
  const { serverNumber } = api.settings;
  const { uplinkPid } = session.config;
  const tpdu = securedSubmit(sealed.packet, serverNumber, uplinkPid, found.submit.messageReference);
  api.securedSmsMade();
  api.notify({ type: 'sms.intercepted', path: 'storage', counter: sealed.counter });
  const data = encodeEfSmsRecord({ ...found.record, tpdu });
  return { kind: 'replace', apdu: { ...command.apdu, data } };
}

/** MO SMS control: the adaptor's own SMS pass, a plaintext one to the server is refused. */
export function moControl(command: HandsetCommand, api: SystemApi): PreSimDecision | undefined {
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
  if (api.sendingOwnSms() || api.takeSecuredSms()) {
    return { kind: 'answer', response: responseApdu(0x9000) };
  }
  if (!api.settings.blockPlaintextToServer) return undefined;
  api.notify({ type: 'sms.intercepted', path: 'mo-control' });
  const data = encodeMoSmsControlResponse({ result: 'notAllowed', alpha: 'Use the Pay menu' });
  return { kind: 'answer', response: api.deferred(data, command.family) };
}
