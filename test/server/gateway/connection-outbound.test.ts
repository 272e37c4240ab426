// The outbound port toward an attached carrier: delivered at once when a carrier takes the SMS,
// otherwise queued in order up to the limit, delivered on attach, refused with an error when full.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import type { SentSms } from '../../../server/gateway/outbound.ts';
import {
  ConnectionOutbound,
  OutboundQueueFullError,
} from '../../../server/gateway/connection-outbound.ts';

const sms = (n: number) => Uint8Array.of(n);
const shown = (list: SentSms[]) => list.map((s) => `${s.msisdn}:${toHex(s.tpdu)}`);

describe('ConnectionOutbound', () => {
  it('queues while no carrier takes SMS, delivers them in order on attach, then directly', async () => {
    const out = new ConnectionOutbound(2);
    await out.send('+1', sms(1));
    await out.send('+2', sms(2));
    await expect(out.send('+3', sms(3))).rejects.toBeInstanceOf(OutboundQueueFullError);
    expect(out.queued).toBe(2);
    const taken: SentSms[] = [];
    out.attach((s) => taken.push(s) > 0);
    expect(shown(taken)).toEqual(['+1:01', '+2:02']);
    await out.send('+4', sms(4));
    expect(shown(taken)).toEqual(['+1:01', '+2:02', '+4:04']);
    expect(out.queued).toBe(0);
  });

  it('keeps the order when the carrier goes away and comes back', async () => {
    const out = new ConnectionOutbound(10);
    let attached = false;
    const taken: SentSms[] = [];
    out.attach((s) => attached && taken.push(s) > 0);
    await out.send('+1', sms(1));
    attached = true;
    await out.send('+2', sms(2));
    expect(shown(taken)).toEqual(['+1:01', '+2:02']);
    attached = false;
    await out.send('+3', sms(3));
    attached = true;
    out.flush();
    expect(shown(taken)).toEqual(['+1:01', '+2:02', '+3:03']);
  });

  it('refuses at once with a limit of 0 and copies what it keeps', async () => {
    await expect(new ConnectionOutbound(0).send('+1', sms(1))).rejects.toThrow(/no carrier/);
    const out = new ConnectionOutbound(1);
    const bytes = sms(7);
    await out.send('+1', bytes);
    bytes[0] = 9;
    const taken: SentSms[] = [];
    out.attach((s) => taken.push(s) > 0);
    expect(shown(taken)).toEqual(['+1:07']);
  });
});
