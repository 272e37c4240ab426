import { describe, expect, it } from 'vitest';
import { rawText } from '../../../server/rpc/server.ts';

describe('text frame payloads', () => {
  const text =
    '{"jsonrpc":"2.0","id":1,"method":"member.balance","params":{"msisdn":"+14085550100"}} é€';

  it('decodes UTF-8 from a Buffer, from fragments and from an ArrayBuffer alike', () => {
    const bytes = Buffer.from(text, 'utf8');
    const cut = bytes.indexOf(0xe2) + 1;
    const copy = new ArrayBuffer(bytes.length);
    new Uint8Array(copy).set(bytes);
    expect(rawText(bytes)).toBe(text);
    expect(rawText([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(text);
    expect(rawText(copy)).toBe(text);
  });

  it('reads only the frame when the Buffer is a view into a larger one', () => {
    const pool = Buffer.from(`xx${text}yy`, 'utf8');
    expect(rawText(pool.subarray(2, pool.length - 2))).toBe(text);
  });
});
