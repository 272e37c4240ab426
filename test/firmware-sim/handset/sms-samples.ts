// SMS-DELIVER TPDUs for handset tests (TS 23.040 §9.2.2.1), GSM 7 bit with an optional class.
import { phoneAddress } from '../../../protocol/sms/address.ts';
import { DCS_GSM7, type Dcs } from '../../../protocol/sms/dcs.ts';
import { encodeTpdu } from '../../../protocol/sms/tpdu.ts';
import { textBody } from '../../../protocol/sms/user-data.ts';

/** An SMS-DELIVER from +4912345 with `pid` and, when given, message class `messageClass`. */
export function deliverTpdu(
  text: string,
  pid: number,
  messageClass: 0 | 1 | 2 | 3 | undefined,
): Uint8Array {
  const dcs: Dcs =
    messageClass === undefined ? DCS_GSM7 : { group: 'dataClass', alphabet: 'gsm7', messageClass };
  return encodeTpdu({
    type: 'deliver',
    replyPath: false,
    statusReportIndication: false,
    loopPrevention: false,
    moreMessagesToSend: false,
    originator: phoneAddress('+4912345'),
    pid,
    dcs,
    timestamp: {
      year: 2026,
      month: 11,
      day: 23,
      hour: 14,
      minute: 0,
      second: 0,
      tzQuarterHours: 4,
    },
    userData: { body: textBody(text, DCS_GSM7) },
  });
}
