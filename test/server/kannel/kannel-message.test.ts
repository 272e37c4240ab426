// Kannel's get-url and sendsms parameters against TS 23.040 TPDUs: the queries smsbox sends for a
// text, an 8-bit SMS with UDH and a UCS-2 SMS; the sendsms parameters of plain and secured
// replies; malformed queries refused with DecodeError only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, toHex } from '../../../protocol/bytes/index.ts';
import { decodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { encodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { messageText, textDelivers } from '../../../protocol/sms/text-messages.ts';
import { plainDelivers, smsTimestamp } from '../../../server/gateway/outbound.ts';
import {
  moSubmits,
  parseMo,
  queryOctets,
  sendsmsParams,
} from '../../../server/kannel/kannel-message.ts';

const ID = 'id=3fba1147-fed2-46cf-aea8-a82da8362bb0';

describe('mobile-originated SMS from smsbox (get-url escapes %p %P %b %u %c %I)', () => {
  it('reads a text SMS as smsbox sends it and makes the SMS-SUBMIT', () => {
    const mo = parseMo(`from=%2B14088675309&to=62729&text=BAL+PIN+1234&udh=&coding=0&${ID}`);
    expect(mo).toMatchObject({ from: '+14088675309', to: '62729', coding: 0 });
    const [tpdu, more] = moSubmits(mo);
    expect(more).toBeUndefined();
    const submit = decodeSmsSubmit(tpdu!);
    expect(messageText(submit)).toBe('BAL PIN 1234');
    expect(submit.destination.value).toBe('62729');
    expect(moSubmits(mo).map(toHex)).toEqual([toHex(tpdu!)]);
  });

  it('keeps the octets of an 8-bit SMS with a UDH (IEI 70, TS 31.115 command packet)', () => {
    const mo = parseMo(
      `from=%2B14088675309&to=62729&text=%00%01%FF%80+&udh=%02p%00&coding=1&${ID}`,
    );
    const submit = decodeSmsSubmit(moSubmits(mo)[0]!);
    expect(submit.userData.header).toEqual([{ type: 'otaCommand' }]);
    expect(toHex(submit.userData.body)).toBe('0001ff8020');
  });

  it('splits a secured packet Kannel joined beyond one SMS into concatenated parts', () => {
    const body = '%AA'.repeat(200);
    const parts = moSubmits(parseMo(`from=1&to=2&text=${body}&udh=%02p%00&coding=1`));
    expect(parts.length).toBe(2);
    expect(() => moSubmits(parseMo(`from=1&to=2&text=${body}&coding=1`))).toThrow(DecodeError);
  });

  it('reads UCS-2', () => {
    const mo = parseMo('from=1&to=2&text=%00h%00%E9&coding=2');
    expect(messageText(decodeSmsSubmit(moSubmits(mo)[0]!))).toBe('hé');
  });

  it('refuses queries that are no MO SMS with DecodeError', () => {
    for (const q of ['to=2&text=x', 'from=1&to=2&coding=7', 'from=1&to=2&text=%G1', 'from=x&to=2'])
      expect(() => parseMo(q)).toThrow(DecodeError);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (q) => {
        try {
          moSubmits(parseMo(q));
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { seed: 23, numRuns: 500 },
    );
  });

  it('decodes percent escapes and + to octets, not to UTF-8 text', () => {
    expect(toHex(queryOctets('a=%FF%00+z').get('a')!)).toBe('ff00207a');
  });
});

describe('sendsms parameters for the gateway SMS-DELIVERs', () => {
  const at = smsTimestamp(1_700_000_000_000);
  it('sends plain replies as UTF-8 text from the short code', () => {
    const [tpdu] = plainDelivers('62729', 'Balance USD 5.00.', at, 1);
    expect(sendsmsParams('+14088675309', tpdu!)).toBe(
      'from=62729&to=%2B14088675309&text=Balance%20USD%205.00.&charset=UTF-8&coding=0',
    );
  });

  it('sends a secured reply as 8-bit octets with its UDH, class 2 and TP-PID 7F', () => {
    const [deliver] = textDelivers('62729', 'x', at);
    const secured = encodeSmsDeliver({
      ...deliver!,
      pid: 0x7f,
      dcs: { group: 'dataClass', alphabet: '8bit', messageClass: 2 },
      userData: { header: [{ type: 'otaCommand' }], body: Uint8Array.of(0, 0xff) },
    });
    expect(sendsmsParams('+14088675309', secured)).toBe(
      'from=62729&to=%2B14088675309&text=%00%FF&coding=1&udh=%02p%00&mclass=2&pid=127',
    );
  });
});
