// Sending a short message from the handset (3GPP TS 31.111 §7.3.2 MO SHORT MESSAGE CONTROL,
// TS 23.040 §9.2.2.2): the addresses go to the SIM first when it offers the service; the SIM
// may allow, refuse or change them; then the TPDU goes to the network.
import {
  decodeMoSmsControlResponse,
  encodeEnvelope,
  type Address,
  type LocationInformation,
  type MoSmsControlResponse,
} from '../../protocol/cat/index.ts';
import { Ton, formatAddress, phoneAddress } from '../../protocol/sms/address.ts';
import { decodeTpdu, encodeTpdu } from '../../protocol/sms/tpdu.ts';
import type { SessionChannel } from './card-channel.ts';
import { envelopeCommand } from './gsm-commands.ts';
import type { CarrierPort, OutgoingSms } from './ports.ts';

/** The serving cell the handset reports (test network MCC 001, MNC 01). */
export const TEST_CELL: LocationInformation = {
  mcc: '001',
  mnc: '01',
  lac: 1,
  cellId: 1,
  cellIdOctets: 2,
};

/** The outcome of one send. */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly messageReference: number; readonly sms: OutgoingSms }
  | { readonly kind: 'refused'; readonly alpha?: string }
  /** The network did not take the message (RP-ERROR, no service). */
  | { readonly kind: 'networkFailure'; readonly reason: string };

const toCat = (number: string): Address => {
  const a = phoneAddress(number);
  return { ton: a.ton, npi: a.npi, digits: a.value };
};
const fromCat = (a: Address): string => formatAddress({ ton: a.ton, npi: a.npi, value: a.digits });

/** Asks the SIM with ENVELOPE (MO SHORT MESSAGE CONTROL); 90 00 without data means allowed. */
export async function moSmsControl(
  card: SessionChannel,
  sms: OutgoingSms,
  location: LocationInformation = TEST_CELL,
): Promise<MoSmsControlResponse> {
  const submit = decodeTpdu(sms.tpdu, 'mo');
  if (submit.type !== 'submit' || submit.destination.ton === Ton.alphanumeric) {
    return { result: 'allowed' };
  }
  const envelope = encodeEnvelope({
    kind: 'moShortMessageControl',
    serviceCentre: toCat(sms.serviceCentre),
    destination: toCat(formatAddress(submit.destination)),
    location,
  });
  const response = await card.exchange(envelopeCommand(envelope, card.mode));
  if (response.data.length === 0) return { result: 'allowed' };
  return decodeMoSmsControlResponse(response.data);
}

/** Applies the SIM's changed addresses to the message. */
export function withModifiedAddresses(
  sms: OutgoingSms,
  control: MoSmsControlResponse,
): OutgoingSms {
  const serviceCentre =
    control.serviceCentre === undefined ? sms.serviceCentre : fromCat(control.serviceCentre);
  if (control.destination === undefined) return { serviceCentre, tpdu: sms.tpdu };
  const submit = decodeTpdu(sms.tpdu, 'mo');
  if (submit.type !== 'submit') return { serviceCentre, tpdu: sms.tpdu };
  const destination = phoneAddress(fromCat(control.destination));
  return { serviceCentre, tpdu: encodeTpdu({ ...submit, destination }) };
}

/** MO SM control (when the SIM offers it), then the network. Card failures reject. */
export async function sendSms(
  card: SessionChannel,
  carrier: CarrierPort,
  sms: OutgoingSms,
  controlled: boolean,
): Promise<SendOutcome> {
  let outgoing = sms;
  if (controlled) {
    const control = await moSmsControl(card, sms);
    if (control.result === 'notAllowed') {
      return control.alpha === undefined
        ? { kind: 'refused' }
        : { kind: 'refused', alpha: control.alpha };
    }
    outgoing = withModifiedAddresses(sms, control);
  }
  try {
    const messageReference = await carrier.submit(outgoing);
    return { kind: 'sent', messageReference, sms: outgoing };
  } catch (error) {
    return {
      kind: 'networkFailure',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}
