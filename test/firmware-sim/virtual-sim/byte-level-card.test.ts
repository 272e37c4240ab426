// The virtual SIM on a T=0 line (ISO/IEC 7816-3 §9 PPS, §10.3 procedure bytes).
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { byteLevelCard } from '../../../firmware-sim/virtual-sim/byte-level-card.ts';
import { fixtureSim } from './sim-driver.ts';

const exchange = (card: ReturnType<typeof byteLevelCard>, hex: string): string =>
  toHex(card.receive(fromHex(hex)));

describe('byte-level card', () => {
  it('sends the ATR on reset and echoes a PPS request for T=0 (§9.3)', () => {
    const card = byteLevelCard(fixtureSim('test-sim'));
    expect(toHex(card.reset())).toBe('3b9396801fc78031e00c');
    expect(exchange(card, 'ff109679')).toBe('ff109679');
    expect(exchange(card, 'a0a40000')).toBe('');
    expect(exchange(card, '02')).toBe('a4');
    expect(exchange(card, '3f00')).toBe('9f22');
  });

  it('serves a SELECT response through GET RESPONSE with ACK, data and SW', () => {
    const card = byteLevelCard(fixtureSim('test-sim'));
    card.reset();
    exchange(card, '00a40004023f00');
    const out = exchange(card, '00c0000022');
    expect(out.slice(0, 6)).toBe('c06220');
    expect(out.slice(-4)).toBe('9000');
  });

  it('answers a wrong Le with 6Cxx, then the data when re-sent with P3 = xx', () => {
    const card = byteLevelCard(fixtureSim('test-sim'));
    card.reset();
    expect(exchange(card, '00b0820000')).toBe('6c0a');
    expect(exchange(card, '00b082000a')).toBe('b098000101000000000043' + '9000');
  });

  it('acknowledges byte by byte with ~INS when asked to', () => {
    const card = byteLevelCard(fixtureSim('sim-2g'), { ack: 'one-by-one' });
    card.reset();
    expect(exchange(card, 'a0a4000002')).toBe('5b');
    expect(exchange(card, '3f')).toBe('5b');
    expect(exchange(card, '00')).toBe('9f22');
  });

  it('goes mute after a malformed PPS until the next reset', () => {
    const card = byteLevelCard(fixtureSim('test-sim'));
    card.reset();
    expect(exchange(card, 'ff100000')).toBe('');
    expect(card.mute).toBe(true);
    expect(exchange(card, 'a0a40000023f00')).toBe('');
    card.reset();
    expect(card.mute).toBe(false);
    expect(exchange(card, 'a0a40000023f00')).toBe('a49f22');
  });
});
