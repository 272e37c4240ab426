// Echo removal on the single I/O wire of ISO/IEC 7816-3 §7.1 as a Phoenix reader sees it.
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { EchoFilter } from '../../../bridge/phoenix/echo-filter.ts';

describe('EchoFilter', () => {
  it('removes the echo of a TPDU header and keeps the procedure byte, at every split', () => {
    const received = fromHex('a0a40000029f');
    for (let cut = 0; cut <= received.length; cut++) {
      const f = new EchoFilter();
      f.sent(fromHex('a0a4000002'));
      const out = [...f.push(received.slice(0, cut)), ...f.push(received.slice(cut))];
      expect(toHex(Uint8Array.from(out)), `split ${cut}`).toBe('9f');
      expect(f.pending).toBe(0);
    }
  });

  it('passes card bytes through when nothing was sent, and forgets echo on clear', () => {
    const f = new EchoFilter();
    expect(toHex(f.push(fromHex('3b02')))).toBe('3b02');
    f.sent(fromHex('00'));
    f.clear();
    expect(toHex(f.push(fromHex('14')))).toBe('14');
  });

  it('reports a wrong echo with its offset', () => {
    const f = new EchoFilter();
    f.sent(fromHex('00a4'));
    expect(() => f.push(fromHex('00a5'))).toThrow(DecodeError);
    const g = new EchoFilter();
    g.sent(fromHex('00a4'));
    expect(() => g.push(fromHex('00a5'))).toThrow(/SERIAL_ECHO_MISMATCH at offset 1/);
  });
});
