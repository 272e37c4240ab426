// Following the card in one reader over a fake PC/SC binding: insertion and removal, a reader
// unplugged, and pcscd lost then back (the context reopened until it answers).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchCardPresence } from '../../../bridge/pcsc/card-presence.ts';
import { FakeNativePcsc } from '../../../bridge/pcsc/fake-native-pcsc.ts';
import { PcscContext } from '../../../bridge/pcsc/pcsc-context.ts';
import { TransportError } from '../../../firmware-sim/transport-error.ts';
import { fromHex } from '../../../protocol/bytes/index.ts';

const ATR = fromHex('3b9396801fc78031e00c');
const tick = () => new Promise((r) => setImmediate(r));
const card = () => fromHex('9000');
const lost = () => new Error('SCardGetStatusChange error: Service not available.(0x8010001d)');

/** A context factory over fake bindings; `fail` makes the next opens fail as without pcscd. */
function fakeOpener() {
  const natives: FakeNativePcsc[] = [];
  const opener = {
    natives,
    fail: false,
    opens: 0,
    open: (): Promise<PcscContext> => {
      opener.opens++;
      if (opener.fail) return Promise.reject(new TransportError('PCSC_UNAVAILABLE', 'no pcscd'));
      const native = new FakeNativePcsc();
      natives.push(native);
      return Promise.resolve(PcscContext.fromNative(native));
    },
  };
  return opener;
}

describe('watchCardPresence', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports the card arriving and leaving, only on changes', async () => {
    const opener = fakeOpener();
    const seen: boolean[] = [];
    const watch = watchCardPresence({
      reader: 'Fake 00',
      onChange: (p) => seen.push(p),
      open: opener.open,
    });
    await tick();
    const reader = opener.natives[0]!.addReader('Fake 00');
    const other = opener.natives[0]!.addReader('Fake 01');
    await tick();
    reader.insert(ATR, card);
    other.insert(ATR, card);
    await tick();
    expect(watch.present).toBe(true);
    reader.remove();
    await tick();
    reader.insert(ATR, card);
    await tick();
    reader.emit('end');
    await tick();
    expect(seen).toEqual([true, false, true, false]);
    await watch.stop();
    expect(opener.natives[0]!.closed).toBe(true);
  });

  it('counts the card as gone while pcscd is, and reopens until pcscd answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const opener = fakeOpener();
    const seen: boolean[] = [];
    const watch = watchCardPresence({
      reader: 'Fake 00',
      retryMs: 5,
      onChange: (p) => seen.push(p),
      open: opener.open,
    });
    await tick();
    opener.natives[0]!.addReader('Fake 00').insert(ATR, card);
    await tick();
    expect(seen).toEqual([true]);
    opener.fail = true;
    opener.natives[0]!.emit('error', lost());
    await tick();
    expect(seen).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(12);
    expect(opener.opens).toBe(3);
    opener.fail = false;
    await vi.advanceTimersByTimeAsync(5);
    expect(opener.opens).toBe(4);
    const again = opener.natives[1]!.addReader('Fake 00');
    await tick();
    again.insert(ATR, card);
    await tick();
    expect(seen).toEqual([true, false, true]);
    await watch.stop();
    const opens = opener.opens;
    await vi.advanceTimersByTimeAsync(50);
    expect(opener.opens).toBe(opens);
  });
});
