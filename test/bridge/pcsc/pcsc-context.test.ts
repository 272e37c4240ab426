// The PC/SC context over a fake binding: reader and card events from status bits, pcscd loss,
// the benign "Command cancelled" on close swallowed, connections and deadlines.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { PcscContext, type PcscEvent } from '../../../bridge/pcsc/pcsc-context.ts';
import { FakeNativePcsc } from '../../../bridge/pcsc/fake-native-pcsc.ts';
import { TransportError } from '../../../firmware-sim/transport-error.ts';

const ATR = fromHex('3b9396801fc78031e00c');
const tick = () => new Promise((r) => setImmediate(r));

describe('PcscContext', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns reader and status notifications into events', async () => {
    const native = new FakeNativePcsc();
    const context = PcscContext.fromNative(native);
    const events: PcscEvent[] = [];
    context.on((e) => events.push(e));
    const reader = native.addReader('Fake 00');
    await tick();
    reader.insert(ATR, () => fromHex('9000'));
    await tick();
    expect(context.readers()).toMatchObject([{ name: 'Fake 00', known: true, present: true }]);
    expect(toHex(context.readers()[0]!.atr!)).toBe(toHex(ATR));
    reader.remove();
    await tick();
    reader.emit('end');
    await tick();
    expect(events.map((e) => e.kind)).toEqual([
      'reader-added',
      'status-changed',
      'card-inserted',
      'card-removed',
      'reader-removed',
    ]);
    expect(context.readers()).toEqual([]);
    await context.close();
  });

  it('reports pcscd loss once, and swallows the cancel error that closing provokes', async () => {
    const native = new FakeNativePcsc();
    const context = PcscContext.fromNative(native);
    const events: PcscEvent[] = [];
    context.on((e) => events.push(e));
    native.emit(
      'error',
      new Error('SCardGetStatusChange error: Service not available.(0x8010001d)'),
    );
    native.emit(
      'error',
      new Error('SCardGetStatusChange error: Service not available.(0x8010001d)'),
    );
    await tick();
    expect(events.map((e) => e.kind)).toEqual(['service-lost']);
    expect(context.lost?.code).toBe('PCSC_NO_SERVICE');
    const reader = native.addReader('Fake 00');
    await tick();
    const before = events.length;
    await context.close();
    await tick();
    await tick();
    expect(native.closed).toBe(true);
    expect(reader.closed).toBe(true);
    expect(events).toHaveLength(before);
  });

  it('connects, transmits and maps a removed card to PCSC_CARD_REMOVED', async () => {
    const native = new FakeNativePcsc();
    const context = PcscContext.fromNative(native);
    const reader = native.addReader('Fake 00');
    reader.insert(ATR, (tpdu) => (tpdu[1] === 0xa4 ? fromHex('6122') : fromHex('6d00')));
    const card = await context.connect('Fake 00', { share: 'exclusive', protocol: 'T0' });
    expect(card.protocol).toBe('T0');
    expect(toHex(await card.transmit(fromHex('00a40004023f00')))).toBe('6122');
    reader.remove();
    const error = await card.transmit(fromHex('00a40004023f00')).catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('PCSC_CARD_REMOVED');
    await expect(context.connect('Nope')).rejects.toMatchObject({ code: 'PCSC_READER_GONE' });
    await expect(context.connect('Fake 00')).rejects.toMatchObject({ code: 'PCSC_NO_CARD' });
    await context.close();
  });

  it('reads an answer without SW1 SW2 (vpcd after its card left) as PCSC_NOT_TRANSACTED', async () => {
    const native = new FakeNativePcsc();
    const context = PcscContext.fromNative(native);
    native.addReader('Fake 00').insert(ATR, () => new Uint8Array(0));
    const card = await context.connect('Fake 00');
    const error = await card.transmit(fromHex('0020000100')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('PCSC_NOT_TRANSACTED');
    await context.close();
  });

  it('gives up on a reader that never answers with PCSC_TIMEOUT, leaving it open while the call runs', async () => {
    const native = new FakeNativePcsc();
    const context = PcscContext.fromNative(native, 1000);
    const reader = native.addReader('Fake 00');
    reader.insert(ATR, () => undefined);
    const card = await context.connect('Fake 00');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = card.transmit(fromHex('00b0000001')).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1001);
    const error = await pending;
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('PCSC_TIMEOUT');
    await context.close();
    expect(reader.closed).toBe(false);
  });

  it('waits for a card with a deadline', async () => {
    const native = new FakeNativePcsc();
    const context = PcscContext.fromNative(native);
    native.addReader('Fake 00');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const waiting = context
      .waitFor((all) => all.find((r) => r.present), 500, 'PCSC_NO_CARD', 'a card')
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(501);
    expect(((await waiting) as TransportError).code).toBe('PCSC_NO_CARD');
    vi.useRealTimers();
    await context.close();
  });
});
