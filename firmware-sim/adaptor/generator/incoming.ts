// A secured SMS from the server as the adaptor answers it: checked and deciphered (TS 102 225
// §5.1), counter stored, text shown with DISPLAY TEXT (TS 102 223 §6.4.1), Proof of Receipt in the
// envelope response (TS 31.111 §7.1.1.2) or, when the SPI asks, in an SMS-SUBMIT of its own;
// refused packets are never shown.
import { responseApdu, type ResponseApdu } from '../../../protocol/iso7816/apdu.ts';
import { bytesEqual } from '../../../protocol/bytes/index.ts';
import type { HandsetCommand, SystemApi } from '../application.ts';
import type { AdaptorConfig } from '../config.ts';
import {
  acceptCounter,
  openFromServer,
  proofOfReceipt,
  type Channel,
  type Opened,
} from '../secured-channel.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { securedSubmit, type ServerPacket } from './server-sms.ts';

/** Offset of the TAR in a command packet: CPL 2, CHL 1, SPI 2, KIc 1, KID 1. */
const TAR_OFFSET = 7;

/** True when the packet is addressed to `tar` (read before any check, to route it). */
export function packetFor(packet: Uint8Array, tar: Uint8Array): boolean {
  return bytesEqual(packet.subarray(TAR_OFFSET, TAR_OFFSET + 3), tar);
}

/** Status word for a refused class 2 SMS: "wrong data" (TS 102 221 6A80, TS 51.011 6F00). */
export function refusedStore(command: HandsetCommand): ResponseApdu {
  return responseApdu(command.family === 'gsm' ? 0x6f00 : 0x6a80);
}

/**
 * Opens `incoming` on `channel`; on success stores the counter and gives the data to `accept`.
 * Returns the response for a download (PoR when asked, sealed with the keys the packet came
 * with, before any management change) or for a store (undefined = pass on).
 */
export function receiveSecured(
  incoming: ServerPacket,
  command: HandsetCommand,
  channel: Channel,
  config: AdaptorConfig,
  api: SystemApi,
  accept: (data: Uint8Array, counter: number) => void,
): ResponseApdu | undefined {
  const opened: Opened = openFromServer(incoming.packet, api.settings, config, api.cipher);
  const download = incoming.via === 'download';
  const por = download ? proofOfReceipt(opened.outcome, api.settings, api.cipher) : undefined;
  if (opened.accepted && opened.channel === channel) {
    api.updateSettings((s) => acceptCounter(s, channel, opened.counter));
    api.notify({ type: 'sms.intercepted', path: incoming.via, counter: opened.counter });
    accept(opened.data, opened.counter);
  } else {
    const reason = opened.accepted ? 'wrong-channel' : opened.reason;
    const counter = opened.counter;
    api.notify({ type: 'sms.rejected', reason, ...(counter === undefined ? {} : { counter }) });
    if (incoming.via === 'stored-mt') return refusedStore(command);
  }
  if (!download) return undefined;
  if (por === undefined) return responseApdu(0x9000);
  if (opened.outcome?.header.spi.porViaSubmit === true) {
    sendProofOfReceipt(por, config, api);
    return responseApdu(0x9000);
  }
  return api.deferred(por, command.family);
}

/** A PoR the SPI wants in an SMS-SUBMIT (TS 31.115 §4.3: UDH with the RPI, IEI 71). */
function sendProofOfReceipt(por: Uint8Array, config: AdaptorConfig, api: SystemApi): void {
  const submit = securedSubmit(por, api.settings.serverNumber, config.uplinkPid, 0);
  const tpdu = encodeSmsSubmit({
    ...submit,
    userData: { header: [{ type: 'otaResponse' }], body: por },
  });
  api.queueCommand({
    type: 'sendShortMessage',
    commandNumber: 1,
    packingRequired: false,
    alpha: '',
    tpdu,
  });
}
