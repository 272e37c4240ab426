import { describe, expect, it } from 'vitest';
import { encode } from '../../../server/rpc/dispatch.ts';

describe('response serialisation', () => {
  it('writes a reply as JSON.stringify does', () => {
    const reply = { jsonrpc: '2.0', id: 7, result: { amount: '0.01', version: 3, to: null } };
    expect(encode(reply)).toBe(JSON.stringify(reply));
  });

  it('writes bigints, wherever they are, as decimal strings rather than failing', () => {
    const reply = { jsonrpc: '2.0', id: 1, result: { version: 12n, list: [1, 2n ** 70n] } };
    expect(JSON.parse(encode(reply))).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: { version: '12', list: [1, '1180591620717411303424'] },
    });
  });

  it('still refuses a circular value', () => {
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(() => encode(loop)).toThrow(TypeError);
  });
});
