// The SMS-SUBMIT of a proactive SEND SHORT MESSAGE as the handset sends it (ETSI TS 102 223
// §6.4.10): the handset's TP-MR, the command's service centre or the handset's default, and
// GSM 7-bit packing when the qualifier asks for it (TS 23.038 §6.1.2.1).
import type { SendShortMessage } from '../../protocol/cat/index.ts';
import { formatAddress, phoneAddress } from '../../protocol/sms/address.ts';
import { DCS_GSM7 } from '../../protocol/sms/dcs.ts';
import { decodeTpdu, encodeTpdu } from '../../protocol/sms/tpdu.ts';
import type { OutgoingSms } from './ports.ts';

/** Builds the message to send. DecodeError for a malformed TPDU; RangeError for octets > 7F. */
export function prepareToolkitSubmit(
  command: SendShortMessage,
  defaultServiceCentre: string,
  messageReference: number,
): OutgoingSms {
  const tpdu = decodeTpdu(command.tpdu, 'mo');
  if (tpdu.type !== 'submit') return { serviceCentre: defaultServiceCentre, tpdu: command.tpdu };
  const address = command.address;
  const serviceCentre =
    address === undefined
      ? defaultServiceCentre
      : formatAddress({ ton: address.ton, npi: address.npi, value: address.digits });
  let submit = { ...tpdu, messageReference: messageReference & 0xff };
  if (command.packingRequired && tpdu.dcs.group === 'general' && tpdu.dcs.alphabet === '8bit') {
    if (tpdu.userData.body.some((octet) => octet > 0x7f)) {
      throw new RangeError('8-bit user data with octets above 7F cannot be packed');
    }
    submit = { ...submit, dcs: DCS_GSM7 };
  }
  return {
    serviceCentre: serviceCentre === '' ? '' : formatAddress(phoneAddress(serviceCentre)),
    tpdu: encodeTpdu(submit),
  };
}
