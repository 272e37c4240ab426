// SMS as the AT interface shows and takes them (TS 27.005 §3.1 parameters, §3.4 PDU mode with the
// SMSC address in front of the TPDU, §4 text mode): message entry, +CMGR/+CMGL lines, <stat> names.
import {
  ByteReader,
  ByteWriter,
  DecodeError,
  fromHex,
  toHex,
} from '../../../protocol/bytes/index.ts';
import {
  Ton,
  formatAddress,
  phoneAddress,
  readRpAddress,
  writeRpAddress,
} from '../../../protocol/sms/address.ts';
import { DCS_GSM7 } from '../../../protocol/sms/dcs.ts';
import type { SmsTimestamp } from '../../../protocol/sms/timestamp.ts';
import { decodeTpdu, encodeTpdu, type SmsDirection } from '../../../protocol/sms/tpdu.ts';
import { textBody, userDataText } from '../../../protocol/sms/user-data.ts';
import type { SmsStatus, StoredSms } from '../stored-sms.ts';

/** <stat> in text mode (TS 27.005 §3.1); PDU mode uses the index. */
export const STAT_NAMES = ['REC UNREAD', 'REC READ', 'STO UNSENT', 'STO SENT', 'ALL'] as const;

/** A message entered after AT+CMGS/AT+CMGW in PDU mode: SMSC (undefined = default) and TPDU. */
export interface PduEntry {
  readonly serviceCentre: string | undefined;
  readonly tpdu: Uint8Array;
}

/** Reads `<SMSC><TPDU>` hex whose TPDU has `length` octets and decodes as a `direction` TPDU. */
export function parsePduEntry(
  hex: string,
  length: number,
  direction: SmsDirection = 'mo',
): PduEntry {
  const bytes = fromHex(hex.trim());
  const reader = new ByteReader(bytes, 'AT');
  const sc = readRpAddress(reader);
  const tpdu = reader.rest();
  if (tpdu.length !== length) {
    throw new DecodeError(
      'AT_PDU_LENGTH',
      0,
      `TPDU of ${tpdu.length} octets, <length> says ${length}`,
    );
  }
  decodeTpdu(tpdu, direction);
  return { serviceCentre: sc === undefined ? undefined : formatAddress(sc), tpdu };
}

/** `<SMSC><TPDU>` hex of a stored message, and the TPDU length. */
export function pduOf(sms: StoredSms): { readonly hex: string; readonly length: number } {
  const w = new ByteWriter(200);
  writeRpAddress(w, sms.serviceCentre === '' ? undefined : phoneAddress(sms.serviceCentre));
  w.bytes(sms.tpdu);
  return { hex: toHex(w.finish()).toUpperCase(), length: sms.tpdu.length };
}

/** An SMS-SUBMIT for text-mode entry (GSM 7 bit, relative validity 24 h, TS 27.005 §3.3.2 defaults). */
export function textSubmit(text: string, destination: string): Uint8Array {
  return encodeTpdu({
    type: 'submit',
    rejectDuplicates: false,
    replyPath: false,
    statusReportRequest: false,
    messageReference: 0,
    destination: phoneAddress(destination),
    pid: 0,
    dcs: DCS_GSM7,
    validityPeriod: { format: 'relative', value: 0xa7 },
    userData: { body: textBody(text, DCS_GSM7) },
  });
}

/** `yy/MM/dd,hh:mm:ss±zz` (TS 27.005 §3.1 <scts>). */
export function formatScts(t: SmsTimestamp): string {
  const p = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const zone = `${t.tzQuarterHours < 0 ? '-' : '+'}${p(t.tzQuarterHours)}`;
  return `${p(t.year % 100)}/${p(t.month)}/${p(t.day)},${p(t.hour)}:${p(t.minute)}:${p(t.second)}${zone}`;
}

/** Text-mode header fields after <stat> and the message text (TS 27.005 §4.1, §4.4). */
export function textView(sms: StoredSms): { readonly fields: string; readonly text: string } {
  const tpdu = decodeTpdu(sms.tpdu, sms.status <= 1 ? 'mt' : 'mo');
  if (tpdu.type === 'deliver') {
    const from = formatAddress(tpdu.originator);
    const text = userDataText(tpdu.userData, tpdu.dcs) ?? toHex(tpdu.userData.body).toUpperCase();
    return { fields: `"${from}",,"${formatScts(tpdu.timestamp)}"`, text };
  }
  if (tpdu.type === 'submit') {
    const to = formatAddress(tpdu.destination);
    const text = userDataText(tpdu.userData, tpdu.dcs) ?? toHex(tpdu.userData.body).toUpperCase();
    return { fields: `"${to}",`, text };
  }
  return { fields: '', text: '' };
}

/** <stat> for PDU mode (a digit) or text mode (a quoted name). */
export function statOf(status: SmsStatus, textMode: boolean): string {
  return textMode ? `"${STAT_NAMES[status]}"` : String(status);
}

/** Reads a <stat> argument of AT+CMGL/+CMGW: a digit or a name. Undefined when invalid. */
export function parseStat(value: string): SmsStatus | 4 | undefined {
  const named = STAT_NAMES.indexOf(value.toUpperCase() as (typeof STAT_NAMES)[number]);
  if (named >= 0) return named as SmsStatus | 4;
  const n = /^\d$/.test(value) ? Number(value) : -1;
  return n >= 0 && n <= 4 ? (n as SmsStatus | 4) : undefined;
}

/** <toda>/<tosca>: 145 for `+` numbers, 129 otherwise (TS 24.008 §10.5.4.7). */
export function typeOfAddress(number: string): number {
  return phoneAddress(number).ton === Ton.international ? 145 : 129;
}
