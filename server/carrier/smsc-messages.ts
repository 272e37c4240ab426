// What the SMS centre writes: the SMS-DELIVER made from an SMS-SUBMIT (3GPP TS 23.040 §9.2.2.1:
// TP-OA from the sender, TP-SCTS from the centre's clock, PID, DCS and user data with its header
// unchanged) and the SMS-STATUS-REPORT of §9.2.2.3 for a sender that set TP-SRR.
import { DecodeError } from '../../protocol/bytes/index.ts';
import { phoneAddress, type SmsAddress } from '../../protocol/sms/address.ts';
import {
  decodeSmsDeliver,
  encodeSmsDeliver,
  type SmsDeliver,
} from '../../protocol/sms/sms-deliver.ts';
import type { SmsStatusReport } from '../../protocol/sms/sms-status-report.ts';
import { decodeSmsSubmit, type SmsSubmit } from '../../protocol/sms/sms-submit.ts';
import type { SmsTimestamp } from '../../protocol/sms/timestamp.ts';
import { smsTimestamp } from '../gateway/outbound.ts';
import { CarrierError } from './smsc-types.ts';

/** TP-ST 0x62 (§9.2.3.15): no response from the SME, the centre makes no more attempts. */
export const TP_ST_NO_RESPONSE = 0x62;

/** The TP-OA for a sender: `+digits` international, short codes and national digits as typed. */
export function originatorAddress(number: string): SmsAddress {
  return phoneAddress(number);
}

/** The centre's time stamp for a clock reading (UTC). */
export function centreTime(ms: number): SmsTimestamp {
  return smsTimestamp(ms);
}

/** The SMS-DELIVER that carries `submit` from `originator`, stamped `scts`. */
export function deliverFromSubmit(
  submit: SmsSubmit,
  originator: string,
  scts: SmsTimestamp,
): SmsDeliver {
  return {
    type: 'deliver',
    replyPath: submit.replyPath,
    statusReportIndication: submit.statusReportRequest,
    loopPrevention: false,
    moreMessagesToSend: false,
    originator: originatorAddress(originator),
    pid: submit.pid,
    dcs: submit.dcs,
    timestamp: scts,
    userData: submit.userData,
  };
}

/** An application's SMS-DELIVER with the centre's TP-OA and TP-SCTS put in. */
export function restampDeliver(deliver: SmsDeliver, originator: string, scts: SmsTimestamp) {
  return { ...deliver, originator: originatorAddress(originator), timestamp: scts };
}

/** What a status report needs from the message it is about. */
export interface ReportRequest {
  /** The sender, who gets the report. */
  readonly to: string;
  readonly messageReference: number;
  readonly recipient: SmsAddress;
  readonly scts: SmsTimestamp;
}

/** The SMS-STATUS-REPORT telling the sender what became of its message. */
export function statusReport(
  request: ReportRequest,
  status: number,
  dischargeTime: SmsTimestamp,
): SmsStatusReport {
  return {
    type: 'statusReport',
    aboutCommand: false,
    loopPrevention: false,
    moreMessagesToSend: false,
    messageReference: request.messageReference,
    recipient: request.recipient,
    timestamp: request.scts,
    dischargeTime,
    status,
  };
}

/** Decodes a handset's SMS-SUBMIT; malformed bytes are CarrierError SMSC_BAD_TPDU. */
export function decodeSubmit(tpdu: Uint8Array): SmsSubmit {
  try {
    return decodeSmsSubmit(tpdu);
  } catch (error) {
    throw badTpdu(error);
  }
}

/**
 * The SMS-DELIVER bytes for what an application hands over: an SMS-SUBMIT (MTI 01) made into an
 * SMS-DELIVER, or its own SMS-DELIVER (MTI 00) with the centre's TP-OA and TP-SCTS.
 */
export function applicationDeliver(
  tpdu: Uint8Array,
  shortCode: string,
  scts: SmsTimestamp,
): Uint8Array {
  try {
    return (tpdu[0] ?? 0) & 3
      ? encodeSmsDeliver(deliverFromSubmit(decodeSmsSubmit(tpdu), shortCode, scts))
      : encodeSmsDeliver(restampDeliver(decodeSmsDeliver(tpdu), shortCode, scts));
  } catch (error) {
    throw badTpdu(error);
  }
}

function badTpdu(error: unknown): CarrierError {
  if (!(error instanceof DecodeError) && !(error instanceof RangeError)) throw error;
  return new CarrierError('SMSC_BAD_TPDU', `SMS refused: ${error.message}`);
}
