// Receiving a short message (3GPP TS 23.038 §4 message classes, TS 31.111 §7.1.1 SMS-PP data
// download, TS 23.040 §9.2.3.9 TP-PID 7F): class 2 with PID 7F goes to the SIM as ENVELOPE (D1),
// other class 2 messages into EF_SMS, everything else (or class 2 when EF_SMS is full) to the handset.
import { encodeEnvelope } from '../../protocol/cat/index.ts';
import { phoneAddress } from '../../protocol/sms/address.ts';
import { messageClassOf } from '../../protocol/sms/dcs.ts';
import { decodeTpdu } from '../../protocol/sms/tpdu.ts';
import type { SessionChannel } from './card-channel.ts';
import { envelopeCommand } from './gsm-commands.ts';
import { storeOnSim } from './sim-sms.ts';
import type { StoredSms } from './stored-sms.ts';

/** An SMS arriving from the network: RP-OA service centre and SMS-DELIVER TPDU. */
export interface IncomingSms {
  readonly serviceCentre: string;
  readonly tpdu: Uint8Array;
}

export type ReceiveOutcome =
  /** Handed to the SIM; `sw` and `response` are what the card answered (PoR data, if any). */
  | { readonly kind: 'downloaded'; readonly sw: number; readonly response: Uint8Array }
  | { readonly kind: 'storedOnSim'; readonly index: number }
  /** For the handset's own memory. */
  | { readonly kind: 'forHandset'; readonly sms: StoredSms };

/** TP-PID (U)SIM data download. */
export const PID_SIM_DOWNLOAD = 0x7f;

/** Routes one SMS-DELIVER; `download` says whether the SIM offers data download via SMS-PP. */
export async function receiveSms(
  card: SessionChannel,
  incoming: IncomingSms,
  download: boolean,
): Promise<ReceiveOutcome> {
  const deliver = decodeTpdu(incoming.tpdu, 'mt');
  const stored: StoredSms = {
    status: 0,
    serviceCentre: incoming.serviceCentre,
    tpdu: incoming.tpdu,
  };
  if (deliver.type !== 'deliver') return { kind: 'forHandset', sms: stored };
  const classTwo = messageClassOf(deliver.dcs) === 2;
  if (classTwo && deliver.pid === PID_SIM_DOWNLOAD && download) {
    const envelope = encodeEnvelope({
      kind: 'smsPpDownload',
      ...(incoming.serviceCentre === ''
        ? {}
        : { serviceCentre: catAddress(incoming.serviceCentre) }),
      tpdu: incoming.tpdu,
    });
    const response = await card.exchange(envelopeCommand(envelope, card.mode));
    return { kind: 'downloaded', sw: response.sw, response: response.data };
  }
  if (classTwo) {
    const index = await storeOnSim(card, stored);
    if (index !== undefined) return { kind: 'storedOnSim', index };
  }
  return { kind: 'forHandset', sms: stored };
}

function catAddress(number: string): { ton: number; npi: number; digits: string } {
  const a = phoneAddress(number);
  return { ton: a.ton, npi: a.npi, digits: a.value };
}
