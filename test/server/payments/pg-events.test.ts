// Server events as LISTEN/NOTIFY payloads: balance changes and notices survive the round trip
// with their origin, a notice too large for NOTIFY goes without its message, and whatever else
// arrives on the shared channel is ignored, never thrown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../../server/payments/events.ts';
import {
  decodeEvent,
  encodeEvent,
  MAX_EVENT_PAYLOAD,
  publishablePayload,
} from '../../../server/payments/pg-events.ts';

const balance: ServerEvent = {
  type: 'balance',
  msisdn: '+14154443214',
  version: 1700000000000123n,
};
const notice: ServerEvent = {
  type: 'notice',
  kind: 'payment.received',
  to: '+14154443214',
  paymentId: 'pay:+14088675309:r1',
  amount: '20.00',
  counterparty: '+14088675309',
  message: 'lunch',
};

describe('server events on the NOTIFY channel', () => {
  it('round-trips balance changes (version as a decimal string) and notices', () => {
    expect(encodeEvent('p1', balance)).toBe(
      '{"origin":"p1","event":{"type":"balance","msisdn":"+14154443214","version":"1700000000000123"}}',
    );
    expect(decodeEvent(encodeEvent('p1', balance))).toEqual({ origin: 'p1', event: balance });
    expect(decodeEvent(encodeEvent('p2', notice))).toEqual({ origin: 'p2', event: notice });
  });

  it('publishes a notice whose message escapes past the NOTIFY limit without that message', () => {
    expect(publishablePayload('p1', notice)).toBe(encodeEvent('p1', notice));
    const escaped = { ...notice, message: '\u0001'.repeat(1600) };
    expect(Buffer.byteLength(encodeEvent('p1', escaped))).toBeGreaterThan(MAX_EVENT_PAYLOAD);
    const { message: _message, ...bare } = notice;
    expect(publishablePayload('p1', escaped)).toBe(encodeEvent('p1', bare));
    const hugeId = { ...bare, paymentId: 'x'.repeat(MAX_EVENT_PAYLOAD) };
    expect(publishablePayload('p1', hugeId)).toBeUndefined();
  });

  it('ignores payloads that are not events', () => {
    for (const payload of [
      '',
      'null',
      '[]',
      '{"origin":1,"event":{}}',
      '{"origin":"p","event":{"type":"balance","msisdn":"+1","version":"-1"}}',
      '{"origin":"p","event":{"type":"balance","msisdn":"+1","version":12}}',
      '{"origin":"p","event":{"type":"notice","kind":"payment.sent","to":"+1"}}',
      '{"origin":"p","event":{"type":"other"}}',
    ])
      expect(decodeEvent(payload)).toBeUndefined();
  });

  it('never throws on arbitrary text (seeded)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        decodeEvent(text);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
