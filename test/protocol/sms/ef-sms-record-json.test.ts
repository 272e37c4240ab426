// JSON form of TS 51.011 §10.5.3 EF_SMS records.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeEfSmsRecord, encodeEfSmsRecord } from '../../../protocol/sms/ef-sms-record.ts';
import {
  efSmsRecordFromJson,
  efSmsRecordToJson,
} from '../../../protocol/sms/ef-sms-record-json.ts';

const pad = (hex: string) => hex + 'ff'.repeat(176 - hex.length / 2);
const deliver = '07917283010010f5040bc87238880900f10000993092516195800ae8329bfd4697d9ec37';
const submit = '0011000b916407281553f80000aa0ae8329bfd4697d9ec37';
const viaJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('EF_SMS record JSON', () => {
  it.each([
    pad('03' + deliver),
    pad('01' + deliver),
    pad('07' + submit),
    pad('1d' + submit),
    pad('00'),
  ])('%s round-trips', (hex) => {
    const json = viaJson(efSmsRecordToJson(decodeEfSmsRecord(fromHex(hex))));
    expect(toHex(encodeEfSmsRecord(efSmsRecordFromJson(json)))).toBe(hex);
  });

  it('names the status and shows the message', () => {
    const json = efSmsRecordToJson(decodeEfSmsRecord(fromHex(pad('03' + deliver))));
    expect(json).toMatchObject({
      recordStatus: '03',
      recordState: 'mtToBeRead',
      serviceCentre: { value: '+27381000015' },
      type: 'deliver',
      userData: { text: 'hellohello' },
    });
    expect(efSmsRecordToJson({ kind: 'free', status: 0 })).toEqual({
      recordStatus: '00',
      recordState: 'free',
    });
  });

  it('refuses a status that does not match the TPDU type', () => {
    const json = {
      ...(viaJson(efSmsRecordToJson(decodeEfSmsRecord(fromHex(pad('03' + deliver))))) as object),
      recordStatus: '07',
    };
    expect(() => efSmsRecordFromJson(json)).toThrow(expect.objectContaining({ field: 'type' }));
    expect(() => efSmsRecordFromJson({ recordStatus: 'x' })).toThrow(
      expect.objectContaining({ field: 'recordStatus' }),
    );
  });
});
