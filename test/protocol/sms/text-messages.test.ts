// Text SMS-SUBMIT and SMS-DELIVER builders (TS 23.040 §9.2.2.1, §9.2.2.2, §9.2.3.24.1).
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import { joinText } from '../../../protocol/sms/concatenation.ts';
import { decodeSmsDeliver, encodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { messageText, textDelivers, textSubmits } from '../../../protocol/sms/text-messages.ts';

const time = { year: 2026, month: 11, day: 23, hour: 14, minute: 5, second: 0, tzQuarterHours: 8 };

describe('text messages', () => {
  it('builds the textbook SMS-SUBMIT', () => {
    const [submit, ...rest] = textSubmits('+46708251358', 'hellohello', {
      validityPeriod: { format: 'relative', value: 0xaa },
    });
    expect(rest).toHaveLength(0);
    expect(toHex(encodeSmsSubmit(submit!))).toBe('11000b916407281553f80000aa0ae8329bfd4697d9ec37');
    expect(messageText(submit!)).toBe('hellohello');
  });

  it('numbers the parts of a long SMS-SUBMIT with TP-MR counting up modulo 256', () => {
    const submits = textSubmits('+4670', 'z'.repeat(400), { messageReference: 255, reference: 7 });
    expect(submits.map((s) => s.messageReference)).toEqual([255, 0, 1]);
    expect(
      joinText(
        submits.map((s) => s.userData),
        submits[0]!.dcs,
      ),
    ).toBe('z'.repeat(400));
    for (const s of submits) expect(encodeSmsSubmit(s).length).toBeLessThanOrEqual(164);
  });

  it('builds SMS-DELIVERs in UCS2 with TP-MMS set on all but the last', () => {
    const delivers = textDelivers('+4670', 'Привет '.repeat(20), time, { reference: 1 });
    expect(delivers).toHaveLength(3);
    expect(delivers.map((d) => d.moreMessagesToSend)).toEqual([true, true, false]);
    expect(delivers[0]!.dcs).toMatchObject({ alphabet: 'ucs2' });
    const back = delivers.map((d) => decodeSmsDeliver(encodeSmsDeliver(d)));
    expect(
      joinText(
        back.map((d) => d.userData),
        back[0]!.dcs,
      ),
    ).toBe('Привет '.repeat(20));
  });

  it('takes a full address and a PID', () => {
    const bank = { ton: 5, npi: 0, value: 'Bank' };
    const [deliver] = textDelivers(bank, 'ok', time, { pid: 0x40 });
    expect(deliver).toMatchObject({ originator: bank, pid: 0x40 });
    expect(messageText(deliver!)).toBe('ok');
  });
});
