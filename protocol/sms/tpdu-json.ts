// A readable JSON form of every TS 23.040 TPDU (and of the TS 27.005 PDU with its service
// centre) for tools, and the way back: encoding what decoding produced gives the same bytes.
import { type SmsAddress } from './address.ts';
import { DCS_GSM7, type Dcs } from './dcs.ts';
import {
  addressFromJson,
  addressToJson,
  dcsFromJson,
  dcsToJson,
  timestampFromJson,
  timestampToJson,
  validityFromJson,
  validityToJson,
} from './field-json.ts';
import {
  JsonFieldError,
  asObject,
  boolField,
  choiceField,
  fieldPath,
  has,
  hexField,
  intField,
  octetField,
  type JsonObject,
} from './json-fields.ts';
import type { OptionalParameters } from './parameter-indicator.ts';
import type { PduWithSmsc } from './pdu-with-smsc.ts';
import { toHex } from '../bytes/index.ts';
import type { Tpdu } from './tpdu.ts';
import { userDataFromJson, userDataToJson } from './user-data-json.ts';

const TYPES = [
  'deliver',
  'submit',
  'statusReport',
  'command',
  'deliverReport',
  'submitReport',
] as const;

/** The JSON form of a TPDU: every field by name, user data with text and hex. */
export function tpduToJson(tpdu: Tpdu): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tpdu)) {
    if (value === undefined) continue;
    out[key] = fieldToJson(
      key,
      value,
      'dcs' in tpdu && tpdu.dcs !== undefined ? tpdu.dcs : DCS_GSM7,
    );
  }
  return out;
}

/** Reads the JSON form back; a DecodeError (JsonFieldError) names any field that is wrong. */
export function tpduFromJson(value: unknown, path = ''): Tpdu {
  const o = asObject(value, path);
  const type = choiceField(o, 'type', path, TYPES);
  return READERS[type](o, path);
}

type Reader = (o: JsonObject, path: string) => Tpdu;

const READERS: Readonly<Record<(typeof TYPES)[number], Reader>> = {
  deliver: deliverFromJson,
  submit: submitFromJson,
  statusReport: statusReportFromJson,
  command: commandFromJson,
  deliverReport: (o, path) => ({
    type: 'deliverReport',
    ...failureCause(o, path),
    ...optionalParameters(o, path),
  }),
  submitReport: (o, path) => ({
    type: 'submitReport',
    ...failureCause(o, path),
    timestamp: timestampFromJson(o['timestamp'], fieldPath(path, 'timestamp')),
    ...optionalParameters(o, path),
  }),
};

/** `{ serviceCentre, ...tpdu }`; `serviceCentre` is null for the default one (PDU prefix 00). */
export function pduWithSmscToJson(pdu: PduWithSmsc): Record<string, unknown> {
  const sc = pdu.serviceCentre === undefined ? null : addressToJson(pdu.serviceCentre);
  return { serviceCentre: sc, ...tpduToJson(pdu.tpdu) };
}

/** Reads `{ serviceCentre, ...tpdu }`. */
export function pduWithSmscFromJson(value: unknown): PduWithSmsc {
  const o = asObject(value, '');
  const tpdu = tpduFromJson(o);
  if (!has(o, 'serviceCentre')) return { tpdu };
  const sc: SmsAddress = addressFromJson(o['serviceCentre'], 'serviceCentre');
  if (sc.ton === 5)
    throw new JsonFieldError('serviceCentre.ton', 'a service centre address has digits');
  return { serviceCentre: sc, tpdu };
}

function fieldToJson(key: string, value: unknown, dcs: Dcs): unknown {
  switch (key) {
    case 'originator':
    case 'destination':
    case 'recipient':
      return addressToJson(value as SmsAddress);
    case 'timestamp':
    case 'dischargeTime':
      return timestampToJson(value as never);
    case 'dcs':
      return dcsToJson(value as Dcs);
    case 'validityPeriod':
      return validityToJson(value as never);
    case 'userData':
      return userDataToJson(value as never, dcs);
    case 'pid':
    case 'status':
    case 'failureCause':
    case 'commandType':
      return toHex(Uint8Array.of(value as number));
    case 'commandData':
      return toHex(value as Uint8Array);
    default:
      return value;
  }
}

function address(o: JsonObject, key: string, path: string): SmsAddress {
  if (!has(o, key)) throw new JsonFieldError(fieldPath(path, key), 'expected an address');
  return addressFromJson(o[key], fieldPath(path, key));
}

function failureCause(o: JsonObject, path: string): { failureCause?: number } {
  return has(o, 'failureCause') ? { failureCause: octetField(o, 'failureCause', path) } : {};
}

function optionalParameters(o: JsonObject, path: string): OptionalParameters {
  const pid = has(o, 'pid') ? { pid: octetField(o, 'pid', path) } : {};
  const dcs = has(o, 'dcs') ? { dcs: dcsFromJson(o['dcs'], fieldPath(path, 'dcs')) } : {};
  const userData = has(o, 'userData')
    ? {
        userData: userDataFromJson(o['userData'], dcs.dcs ?? DCS_GSM7, fieldPath(path, 'userData')),
      }
    : {};
  return { ...pid, ...dcs, ...userData };
}

function deliverFromJson(o: JsonObject, path: string): Tpdu {
  const dcs = dcsFromJson(o['dcs'] ?? 0, fieldPath(path, 'dcs'));
  return {
    type: 'deliver',
    replyPath: boolField(o, 'replyPath', path),
    statusReportIndication: boolField(o, 'statusReportIndication', path),
    loopPrevention: boolField(o, 'loopPrevention', path),
    moreMessagesToSend: boolField(o, 'moreMessagesToSend', path),
    originator: address(o, 'originator', path),
    pid: octetField(o, 'pid', path, 0),
    dcs,
    timestamp: timestampFromJson(o['timestamp'], fieldPath(path, 'timestamp')),
    userData: userDataFromJson(o['userData'], dcs, fieldPath(path, 'userData')),
  };
}

function submitFromJson(o: JsonObject, path: string): Tpdu {
  const dcs = dcsFromJson(o['dcs'] ?? 0, fieldPath(path, 'dcs'));
  return {
    type: 'submit',
    rejectDuplicates: boolField(o, 'rejectDuplicates', path),
    replyPath: boolField(o, 'replyPath', path),
    statusReportRequest: boolField(o, 'statusReportRequest', path),
    messageReference: intField(o, 'messageReference', path, 0, 255, 0),
    destination: address(o, 'destination', path),
    pid: octetField(o, 'pid', path, 0),
    dcs,
    validityPeriod: validityFromJson(o['validityPeriod'], fieldPath(path, 'validityPeriod')),
    userData: userDataFromJson(o['userData'], dcs, fieldPath(path, 'userData')),
  };
}

function statusReportFromJson(o: JsonObject, path: string): Tpdu {
  return {
    type: 'statusReport',
    aboutCommand: boolField(o, 'aboutCommand', path),
    loopPrevention: boolField(o, 'loopPrevention', path),
    moreMessagesToSend: boolField(o, 'moreMessagesToSend', path),
    messageReference: intField(o, 'messageReference', path, 0, 255),
    recipient: address(o, 'recipient', path),
    timestamp: timestampFromJson(o['timestamp'], fieldPath(path, 'timestamp')),
    dischargeTime: timestampFromJson(o['dischargeTime'], fieldPath(path, 'dischargeTime')),
    status: octetField(o, 'status', path),
    ...optionalParameters(o, path),
  };
}

function commandFromJson(o: JsonObject, path: string): Tpdu {
  return {
    type: 'command',
    headerIndicator: boolField(o, 'headerIndicator', path),
    statusReportRequest: boolField(o, 'statusReportRequest', path),
    messageReference: intField(o, 'messageReference', path, 0, 255, 0),
    pid: octetField(o, 'pid', path, 0),
    commandType: octetField(o, 'commandType', path),
    messageNumber: intField(o, 'messageNumber', path, 0, 255),
    destination: address(o, 'destination', path),
    commandData: has(o, 'commandData') ? hexField(o, 'commandData', path) : new Uint8Array(0),
  };
}
