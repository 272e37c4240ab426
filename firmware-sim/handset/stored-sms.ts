// A stored short message as EF_SMS holds it (3GPP TS 51.011 §10.5.3): status byte, the service
// centre as an RP address (TS 24.011 §8.2.5.1), the TPDU, FF padding to 176 bytes. The status
// values map to the TS 27.005 §3.1 <stat> values the AT interface reports.
import { formatAddress, phoneAddress } from '../../protocol/sms/address.ts';
import {
  SmsRecordStatus,
  decodeEfSmsRecord,
  encodeEfSmsRecord,
  isMobileOriginated,
} from '../../protocol/sms/ef-sms-record.ts';
import { decodeTpdu, encodeTpdu } from '../../protocol/sms/tpdu.ts';

/** TS 27.005 <stat>: 0 received unread, 1 received read, 2 stored unsent, 3 stored sent. */
export type SmsStatus = 0 | 1 | 2 | 3;

/** A message in SIM or handset storage. */
export interface StoredSms {
  readonly status: SmsStatus;
  /** `+` international; '' when unknown. */
  readonly serviceCentre: string;
  /** SMS-DELIVER (status 0, 1) or SMS-SUBMIT (status 2, 3). */
  readonly tpdu: Uint8Array;
}

const EF_STATUS: Readonly<Record<SmsStatus, number>> = {
  0: SmsRecordStatus.mtToBeRead,
  1: SmsRecordStatus.mtRead,
  2: SmsRecordStatus.moToBeSent,
  3: SmsRecordStatus.moSent,
};

/** True when a record's status byte marks it free (b1 = 0). */
export function isFreeRecord(record: Uint8Array): boolean {
  return ((record[0] ?? 0) & 1) === 0;
}

/** A free record: 00 then FF. */
export function freeRecord(): Uint8Array {
  return encodeEfSmsRecord({ kind: 'free', status: SmsRecordStatus.free });
}

function statusOf(status: number): SmsStatus {
  if (!isMobileOriginated(status)) return status === SmsRecordStatus.mtToBeRead ? 0 : 1;
  return status === SmsRecordStatus.moToBeSent ? 2 : 3;
}

/** Decodes a used record; undefined for a free one. DecodeError when it is malformed. */
export function decodeSmsRecord(record: Uint8Array): StoredSms | undefined {
  const decoded = decodeEfSmsRecord(record);
  if (decoded.kind === 'free') return undefined;
  return {
    status: statusOf(decoded.status),
    serviceCentre: decoded.serviceCentre === undefined ? '' : formatAddress(decoded.serviceCentre),
    tpdu: encodeTpdu(decoded.tpdu),
  };
}

/** Encodes a record. RangeError when the message does not fit or its TPDU disagrees with its status. */
export function encodeSmsRecord(sms: StoredSms): Uint8Array {
  const tpdu = decodeTpdu(sms.tpdu, sms.status <= 1 ? 'mt' : 'mo');
  if (tpdu.type !== 'deliver' && tpdu.type !== 'submit') {
    throw new RangeError(`an ${tpdu.type} cannot be stored in EF_SMS`);
  }
  const record = { kind: 'used' as const, status: EF_STATUS[sms.status], tpdu };
  return encodeEfSmsRecord(
    sms.serviceCentre === ''
      ? record
      : { ...record, serviceCentre: phoneAddress(sms.serviceCentre) },
  );
}
