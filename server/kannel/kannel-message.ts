// Kannel's HTTP interface (Kannel 1.4 user guide: sms-service get-url escapes, sendsms CGI) to and
// from TS 23.040 TPDUs: a mobile-originated SMS as smsbox passes it (%p sender, %P receiver, %b the
// message octets, %u the UDH with its UDHL, %c coding 0 7-bit / 1 8-bit / 2 UCS-2, %I message id)
// becomes the SMS-SUBMIT(s) the gateway reads; an SMS-DELIVER the gateway sends becomes sendsms
// parameters. Kannel percent-encodes octets, so queries are decoded to bytes, never as UTF-8.
import { createHash } from 'node:crypto';
import { DecodeError } from '../../protocol/bytes/index.ts';
import { packetToUserData } from '../../protocol/ota/sms-user-data.ts';
import { phoneAddress, Ton } from '../../protocol/sms/address.ts';
import {
  DCS_8BIT,
  DCS_GSM7,
  DCS_UCS2,
  messageClassOf,
  textAlphabet,
} from '../../protocol/sms/dcs.ts';
import { decodeGsm7Septets } from '../../protocol/sms/gsm7-alphabet.ts';
import { decodeSmsDeliver } from '../../protocol/sms/sms-deliver.ts';
import { encodeSmsSubmit, type SmsSubmit } from '../../protocol/sms/sms-submit.ts';
import { textSubmits } from '../../protocol/sms/text-messages.ts';
import { decodeUserDataHeader, encodeUserDataHeader } from '../../protocol/sms/user-data-header.ts';
import { decodeUserData, MAX_USER_DATA_OCTETS, textBody } from '../../protocol/sms/user-data.ts';

/** A mobile-originated SMS as Kannel's smsbox reports it. */
export interface KannelMo {
  readonly from: string;
  readonly to: string;
  readonly data: Uint8Array;
  /** UDHL and the elements; empty when the SMS has no header. */
  readonly udh: Uint8Array;
  readonly coding: 0 | 1 | 2;
  /** Kannel's message id (a UUID); empty when not passed. */
  readonly id: string;
}

/** Longest query accepted (a 160-octet SMS percent-encoded three times over, and the rest). */
export const MAX_QUERY = 4096;

const fail = (message: string): never => {
  throw new DecodeError('KANNEL_BAD_MO', 0, message);
};

/** Decodes an `application/x-www-form-urlencoded` query to raw octets per name. */
export function queryOctets(query: string): Map<string, Uint8Array> {
  if (query.length > MAX_QUERY) fail('query too long');
  const out = new Map<string, Uint8Array>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    out.set(String.fromCharCode(...octets(name)), octets(at < 0 ? '' : pair.slice(at + 1)));
  }
  return out;
}

function octets(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail('bad percent escape');
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (c === 0x2b) out.push(0x20);
    else if (c > 0x7e) fail('query must be ASCII');
    else out.push(c);
  }
  return Uint8Array.from(out);
}

const ascii = (bytes: Uint8Array | undefined) => String.fromCharCode(...(bytes ?? []));

/** Reads the get-url query `from=%p&to=%P&text=%b&udh=%u&coding=%c&id=%I`. */
export function parseMo(query: string): KannelMo {
  const q = queryOctets(query);
  const from = ascii(q.get('from'));
  const to = ascii(q.get('to'));
  if (!/^\+?[0-9]{1,20}$/.test(from)) fail('from must be a number');
  if (!/^\+?[0-9]{1,20}$/.test(to)) fail('to must be a number');
  const coding = ascii(q.get('coding')) || '0';
  if (coding !== '0' && coding !== '1' && coding !== '2') fail('coding must be 0, 1 or 2');
  return {
    from,
    to,
    data: q.get('text') ?? new Uint8Array(0),
    udh: q.get('udh') ?? new Uint8Array(0),
    coding: Number(coding) as 0 | 1 | 2,
    id: ascii(q.get('id')).slice(0, 64),
  };
}

/**
 * TP-MR for an MO: Kannel does not pass the network's, so it is taken from Kannel's message id;
 * the gateway tells a resent SMS from a genuine repeat by it, as with any 8-bit TP-MR.
 */
function messageReference(id: string): number {
  return createHash('sha256').update(id).digest()[0]!;
}

function submit(mo: KannelMo, dcs: SmsSubmit['dcs'], userData: SmsSubmit['userData']): SmsSubmit {
  return {
    type: 'submit',
    rejectDuplicates: false,
    replyPath: false,
    statusReportRequest: false,
    messageReference: messageReference(mo.id),
    destination: phoneAddress(mo.to),
    pid: 0,
    dcs,
    validityPeriod: { format: 'none' },
    userData,
  };
}

/** A binary MO that Kannel reassembled beyond one SMS: a secured packet is split again. */
function binaryParts(mo: KannelMo): SmsSubmit[] {
  const header = mo.udh.length > 0 ? decodeUserDataHeader(mo.udh) : undefined;
  if (mo.udh.length + mo.data.length <= MAX_USER_DATA_OCTETS)
    return [submit(mo, DCS_8BIT, header ? { header, body: mo.data } : { body: mo.data })];
  if (!header?.some((ie) => ie.type === 'otaCommand')) fail('binary message longer than one SMS');
  return packetToUserData('command', mo.data, messageReference(mo.id)).map((part) =>
    submit(
      mo,
      DCS_8BIT,
      decodeUserData(Uint8Array.of(part.userData.length, ...part.userData), DCS_8BIT, true),
    ),
  );
}

/** The SMS-SUBMIT TPDUs the gateway reads for `mo` (more than one when Kannel joined parts). */
export function moSubmits(mo: KannelMo): Uint8Array[] {
  if (mo.coding === 1) return binaryParts(mo).map(encodeSmsSubmit);
  const header = mo.udh.length > 0 ? decodeUserDataHeader(mo.udh) : undefined;
  if (mo.coding === 2)
    return [
      encodeSmsSubmit(submit(mo, DCS_UCS2, header ? { header, body: mo.data } : { body: mo.data })),
    ];
  const text = new TextDecoder().decode(mo.data);
  if (header)
    return [encodeSmsSubmit(submit(mo, DCS_GSM7, { header, body: textBody(text, DCS_GSM7) }))];
  return textSubmits(mo.to, text, { messageReference: messageReference(mo.id) }).map(
    encodeSmsSubmit,
  );
}

/** Percent-encodes octets for a query (RFC 3986 unreserved characters stay as they are). */
export function percentOctets(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out += /[A-Za-z0-9._~-]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** sendsms parameters (without the credentials) delivering the SMS-DELIVER `tpdu` to `msisdn`. */
export function sendsmsParams(msisdn: string, tpdu: Uint8Array): string {
  const deliver = decodeSmsDeliver(tpdu);
  const { originator, dcs, userData, pid } = deliver;
  const from = originator.ton === Ton.international ? `+${originator.value}` : originator.value;
  const alphabet = textAlphabet(dcs);
  const params: [string, string][] = [
    ['from', percentOctets(new TextEncoder().encode(from))],
    ['to', percentOctets(new TextEncoder().encode(msisdn))],
  ];
  if (alphabet === 'gsm7') {
    const text = new TextEncoder().encode(decodeGsm7Septets(userData.body));
    params.push(['text', percentOctets(text)], ['charset', 'UTF-8'], ['coding', '0']);
  } else if (alphabet === 'ucs2') {
    params.push(['text', percentOctets(userData.body)], ['charset', 'UTF-16BE'], ['coding', '2']);
  } else {
    params.push(['text', percentOctets(userData.body)], ['coding', '1']);
  }
  if (userData.header) params.push(['udh', percentOctets(encodeUserDataHeader(userData.header))]);
  const messageClass = messageClassOf(dcs);
  if (messageClass !== undefined) params.push(['mclass', String(messageClass)]);
  if (pid !== 0) params.push(['pid', String(pid)]);
  return params.map(([k, v]) => `${k}=${v}`).join('&');
}
