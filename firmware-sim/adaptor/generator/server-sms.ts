// Where secured SMS from the payment server reach the card interface (TS 31.111 §7.1.1 SMS-PP
// data download envelope, TS 51.011 §10.5.3 class 2 SMS stored with UPDATE RECORD), how the
// adaptor's own SMS-SUBMIT to the server is built (TS 23.040 §9.2.2.2, 8-bit data, UDH with the
// CPI of TS 31.115 §4.2), and the plaintext record it shows instead of the secured one.
import { DecodeError } from '../../../protocol/bytes/index.ts';
import { decodeEnvelope } from '../../../protocol/cat/envelope.ts';
import {
  decodeEfSmsRecord,
  encodeEfSmsRecord,
  EF_SMS_RECORD_LENGTH,
  isMobileOriginated,
  SmsRecordStatus,
} from '../../../protocol/sms/ef-sms-record.ts';
import { DCS_GSM7, DCS_SIM_DOWNLOAD } from '../../../protocol/sms/dcs.ts';
import { encodeGsm7Septets, gsm7SeptetLength } from '../../../protocol/sms/gsm7-alphabet.ts';
import { MAX_USER_DATA_SEPTETS } from '../../../protocol/sms/user-data.ts';
import { phoneAddress, type SmsAddress } from '../../../protocol/sms/address.ts';
import { decodeSmsDeliver, type SmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import type { SmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import type { HandsetCommand } from '../application.ts';
import { FID_SMS } from '../file-tracking.ts';
import { isSecuredUserData } from '../secured-channel.ts';

const INS_UPDATE_RECORD = 0xdc;
const INS_ENVELOPE = 0xc2;
const ABSOLUTE_RECORD = 0x04;

/** A secured packet from the server found in a handset command. */
export type ServerPacket =
  | { readonly via: 'download'; readonly packet: Uint8Array; readonly deliver: SmsDeliver }
  | {
      readonly via: 'stored-mt';
      readonly packet: Uint8Array;
      readonly deliver: SmsDeliver;
      readonly record: number;
      readonly status: number;
    };

/** Digits of a number without `+`, for comparing addresses. */
const digitsOf = (number: string): string => number.replace(/^\+/, '');

/** True when `address` is the server number (with or without the international `+`). */
export function isServerAddress(
  address: SmsAddress | { readonly digits: string },
  server: string,
): boolean {
  const value = 'digits' in address ? address.digits : address.value;
  return digitsOf(value) === digitsOf(server);
}

/** The record number of an UPDATE/READ RECORD in absolute mode, else undefined. */
export function absoluteRecord(command: HandsetCommand): number | undefined {
  const { apdu, file } = command;
  if (file !== FID_SMS || apdu.p2 !== ABSOLUTE_RECORD || apdu.p1 === 0) return undefined;
  return apdu.p1;
}

/** The secured packet from `server` that `command` carries, if any. Never throws. */
export function serverPacketIn(command: HandsetCommand, server: string): ServerPacket | undefined {
  try {
    if (command.apdu.ins === INS_ENVELOPE) return fromEnvelope(command, server);
    if (command.apdu.ins === INS_UPDATE_RECORD) return fromRecord(command, server);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
  return undefined;
}

function fromEnvelope(command: HandsetCommand, server: string): ServerPacket | undefined {
  const envelope = decodeEnvelope(command.apdu.data);
  if (envelope.kind !== 'smsPpDownload') return undefined;
  const deliver = decodeSmsDeliver(envelope.tpdu);
  if (!fromServer(deliver, server)) return undefined;
  return { via: 'download', packet: deliver.userData.body, deliver };
}

function fromRecord(command: HandsetCommand, server: string): ServerPacket | undefined {
  const record = absoluteRecord(command);
  if (record === undefined || command.apdu.data.length !== EF_SMS_RECORD_LENGTH) return undefined;
  const decoded = decodeEfSmsRecord(command.apdu.data);
  if (decoded.kind !== 'used' || decoded.tpdu.type !== 'deliver') return undefined;
  if (!fromServer(decoded.tpdu, server)) return undefined;
  const { status } = decoded;
  return {
    via: 'stored-mt',
    packet: decoded.tpdu.userData.body,
    deliver: decoded.tpdu,
    record,
    status,
  };
}

const fromServer = (deliver: SmsDeliver, server: string): boolean =>
  isServerAddress(deliver.originator, server) && isSecuredUserData(deliver.userData);

/** An MO SMS-SUBMIT to the server in plain text that the handset stores to be sent, if any. */
export function storedPlainSubmit(
  command: HandsetCommand,
  server: string,
):
  | { readonly submit: SmsSubmit; readonly record: ReturnType<typeof decodeEfSmsRecord> }
  | undefined {
  if (command.apdu.ins !== INS_UPDATE_RECORD || absoluteRecord(command) === undefined)
    return undefined;
  if (command.apdu.data.length !== EF_SMS_RECORD_LENGTH) return undefined;
  try {
    const record = decodeEfSmsRecord(command.apdu.data);
    if (record.kind !== 'used' || !isMobileOriginated(record.status)) return undefined;
    const submit = record.tpdu;
    if (submit.type !== 'submit' || !isServerAddress(submit.destination, server)) return undefined;
    if (isSecuredUserData(submit.userData)) return undefined;
    return { submit, record };
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}

/** The SMS-SUBMIT to the server carrying `packet`: 8-bit class 2 data (F6), UDH with the CPI. */
export function securedSubmit(
  packet: Uint8Array,
  server: string,
  pid: number,
  reference: number,
): SmsSubmit {
  return {
    type: 'submit',
    rejectDuplicates: false,
    replyPath: false,
    statusReportRequest: false,
    messageReference: reference & 0xff,
    destination: phoneAddress(server),
    pid,
    dcs: DCS_SIM_DOWNLOAD,
    validityPeriod: { format: 'none' },
    userData: { header: [{ type: 'otaCommand' }], body: packet },
  };
}

/** The record the handset reads instead of the secured one: the same SMS with `text` in clear. */
export function plaintextRecord(deliver: SmsDeliver, text: string, status: number): Uint8Array {
  let shown = text;
  while (gsm7SeptetLength(shown) > MAX_USER_DATA_SEPTETS) shown = shown.slice(0, -1);
  const plain: SmsDeliver = {
    ...deliver,
    pid: 0,
    dcs: DCS_GSM7,
    userData: { body: encodeGsm7Septets(shown) },
  };
  const used = (status & 1) === 1 ? status : SmsRecordStatus.mtToBeRead;
  return encodeEfSmsRecord({ kind: 'used', status: used, tpdu: plain });
}
