import { describe, expect, it } from 'vitest';
import { roleOf } from '../../../server/rpc/auth.ts';
import { parseMessage, readRequest } from '../../../server/rpc/jsonrpc.ts';
import { TokenBucket } from '../../../server/rpc/rate-limit.ts';
import { checkParams } from '../../../server/rpc/schema.ts';
import { sendOrDrop, type SendTarget } from '../../../server/rpc/server.ts';
import { FakeClock } from '../support/fake-clock.ts';

describe('JSON-RPC 2.0 envelope (jsonrpc.org §4, §6)', () => {
  it('reads requests and notifications', () => {
    expect(readRequest({ jsonrpc: '2.0', id: 1, method: 'm', params: { a: 1 } })).toEqual({
      method: 'm',
      params: { a: 1 },
      id: 1,
    });
    expect(readRequest({ jsonrpc: '2.0', method: 'm' })).toEqual({ method: 'm', params: {} });
  });

  it.each([
    [[], -32600],
    [{ jsonrpc: '2.0', id: 1 }, -32600],
    [{ jsonrpc: '2.0', id: 1.5, method: 'm' }, -32600],
    [{ jsonrpc: '2.0', id: {}, method: 'm' }, -32600],
    [{ jsonrpc: '2.0', id: 1, method: 'm', params: [1] }, -32602],
    [{ jsonrpc: '2.0', id: 1, method: 'm', other: 1 }, -32600],
  ])('refuses %j with %i', (value, code) => {
    const r = readRequest(value);
    expect('error' in r && r.error.code).toBe(code);
  });

  it('parses batches with a size limit', () => {
    expect(parseMessage('[]')).toMatchObject({ code: -32600 });
    expect(parseMessage(JSON.stringify(new Array(17).fill({})))).toMatchObject({ code: -32600 });
    expect(parseMessage('[{}, {}]')).toEqual({ batch: true, items: [{}, {}] });
    expect(parseMessage('{')).toMatchObject({ code: -32700 });
  });
});

describe('parameter schema', () => {
  const schema = { msisdn: 'string', 'limit?': 'integer', 'post?': 'boolean' } as const;
  it('accepts fitting params and refuses unknown, missing and mistyped ones', () => {
    expect(checkParams({ msisdn: 'x', limit: 3 }, schema)).toEqual({ msisdn: 'x', limit: 3 });
    for (const bad of [
      {},
      { msisdn: 1 },
      { msisdn: 'x', limit: 1.5 },
      { msisdn: 'x', post: 'yes' },
      { msisdn: 'x', z: 1 },
    ])
      expect(() => checkParams(bad, schema)).toThrow(expect.objectContaining({ code: -32602 }));
    expect(() => checkParams({ msisdn: 'x'.repeat(257) }, schema)).toThrow(
      "parameter 'msisdn' must be a string of at most 256 characters",
    );
  });
});

describe('token bucket', () => {
  it('allows a burst, then the refill rate', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(2, 3, clock);
    expect([1, 2, 3, 4].map(() => bucket.take())).toEqual([true, true, true, false]);
    clock.advance(500);
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    clock.advance(10_000);
    expect([1, 2, 3, 4].map(() => bucket.take())).toEqual([true, true, true, false]);
  });
});

describe('tokens and backpressure', () => {
  it('maps tokens to roles', () => {
    const tokens = {
      operator: ['op-0000000000000001'],
      gateway: [],
      device: ['dev-000000000000001'],
    };
    expect(roleOf('op-0000000000000001', tokens)).toBe('operator');
    expect(roleOf('dev-000000000000001', tokens)).toBe('device');
    expect(roleOf('dev-000000000000002', tokens)).toBe(null);
  });

  it('drops a consumer whose unread bytes would pass the limit', () => {
    const sent: string[] = [];
    let terminated = false;
    const target = (buffered: number): SendTarget => ({
      readyState: 1,
      OPEN: 1,
      bufferedAmount: buffered,
      send: (t) => void sent.push(t),
      terminate: () => void (terminated = true),
    });
    expect(sendOrDrop(target(0), 'abc', 10)).toBe('sent');
    expect(sendOrDrop(target(7), 'abc', 10)).toBe('sent');
    expect(sendOrDrop(target(8), 'abc', 10)).toBe('dropped');
    expect(terminated).toBe(true);
    expect(sendOrDrop({ ...target(0), readyState: 3 }, 'abc', 10)).toBe('closed');
    expect(sent).toEqual(['abc', 'abc']);
  });
});
