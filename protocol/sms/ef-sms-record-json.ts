// JSON form of a TS 51.011 §10.5.3 / TS 31.102 §4.2.25 EF_SMS record for tools: the status
// octet and its name, then the service centre and the TPDU as in the PDU JSON form.
import { toHex } from '../bytes/index.ts';
import { SmsRecordStatus, isMobileOriginated, type EfSmsRecord } from './ef-sms-record.ts';
import { JsonFieldError, asObject, octetField } from './json-fields.ts';
import { pduWithSmscFromJson, pduWithSmscToJson } from './tpdu-json.ts';

const STATUS_NAMES = new Map<number, string>(
  Object.entries(SmsRecordStatus).map(([name, value]) => [value, name]),
);

/** `{ recordStatus: "03", recordState: "mtToBeRead", serviceCentre, ...tpdu }`. */
export function efSmsRecordToJson(record: EfSmsRecord): Record<string, unknown> {
  const status = toHex(Uint8Array.of(record.status));
  const state = record.kind === 'free' ? 'free' : (STATUS_NAMES.get(record.status) ?? 'used');
  if (record.kind === 'free') return { recordStatus: status, recordState: state };
  const pdu = pduWithSmscToJson(
    record.serviceCentre === undefined
      ? { tpdu: record.tpdu }
      : { serviceCentre: record.serviceCentre, tpdu: record.tpdu },
  );
  return { recordStatus: status, recordState: state, ...pdu };
}

/** Reads the JSON form back; `recordState` is informative and ignored. */
export function efSmsRecordFromJson(value: unknown): EfSmsRecord {
  const o = asObject(value, '');
  const status = octetField(o, 'recordStatus', '');
  if ((status & 1) === 0) return { kind: 'free', status };
  const { serviceCentre, tpdu } = pduWithSmscFromJson(o);
  const expected = isMobileOriginated(status) ? 'submit' : 'deliver';
  if (tpdu.type !== expected) {
    throw new JsonFieldError(
      'type',
      `record status ${toHex(Uint8Array.of(status))} holds an ${expected}`,
    );
  }
  return serviceCentre === undefined
    ? { kind: 'used', status, tpdu }
    : { kind: 'used', status, serviceCentre, tpdu };
}
