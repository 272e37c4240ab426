// The CardLink over PC/SC on a fake binding: case 1 commands as 4-byte APDUs and others as T=0
// TPDUs with 61xx returned as it came, a reset after the card was swapped, and a reset after pcscd
// was lost that opens a new context where a transmit reports the loss.
import { describe, expect, it } from 'vitest';
import { FakeNativePcsc, type FakeNativeReader } from '../../../bridge/pcsc/fake-native-pcsc.ts';
import { createPcscCardLink } from '../../../bridge/pcsc/pcsc-card-link.ts';
import { PcscContext } from '../../../bridge/pcsc/pcsc-context.ts';
import { TransportError } from '../../../firmware-sim/transport-error.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';

const ATR = fromHex('3b9396801fc78031e00c');
const OTHER_ATR = fromHex('3b9f96801fc78031e073fe211b6407');

/** Fake pcscd contexts, each with reader 'Fake 00' holding a card that logs what it gets. */
function fakePcscd(atr = ATR) {
  const sent: string[] = [];
  const fake = {
    sent,
    natives: [] as FakeNativePcsc[],
    readers: [] as FakeNativeReader[],
    open(): Promise<PcscContext> {
      const native = new FakeNativePcsc();
      const context = PcscContext.fromNative(native);
      const reader = native.addReader('Fake 00');
      reader.insert(atr, (bytes) => {
        sent.push(toHex(bytes));
        return fromHex(bytes[1] === 0xa4 ? '6122' : '63c3');
      });
      fake.natives.push(native);
      fake.readers.push(reader);
      return Promise.resolve(context);
    },
  };
  return fake;
}

describe('createPcscCardLink', () => {
  it('sends a case 1 command as its 4-byte APDU and others as T=0 TPDUs', async () => {
    const pcscd = fakePcscd();
    const link = createPcscCardLink({ reader: 'Fake', openContext: () => pcscd.open() });
    expect(toHex(await link.reset())).toBe(toHex(ATR));
    const verify = await link.transmit(commandApdu(0x00, 0x20, 0x00, 0x01));
    const select = await link.transmit(commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('3f00')));
    const read = await link.transmit(commandApdu(0x00, 0xb0, 0x00, 0x00, new Uint8Array(0), 256));
    expect([verify.sw, select.sw, read.sw]).toEqual([0x63c3, 0x6122, 0x63c3]);
    expect(pcscd.sent).toEqual(['00200001', '00a40004023f00', '00b0000000']);
    expect(link.readerName).toBe('Fake 00');
    await link.close();
  });

  it('resets a card that was swapped while the link was idle, with the new ATR', async () => {
    const pcscd = fakePcscd();
    const link = createPcscCardLink({ reader: 'Fake 00', openContext: () => pcscd.open() });
    await link.reset();
    const reader = pcscd.readers[0]!;
    reader.remove();
    reader.insert(OTHER_ATR, () => fromHex('9000'));
    await new Promise((r) => setImmediate(r));
    expect(toHex(await link.reset())).toBe(toHex(OTHER_ATR));
    expect((await link.transmit(commandApdu(0x80, 0xf2, 0x00, 0x0c))).sw).toBe(0x9000);
    await link.close();
  });

  it('starts over on a new context at a reset after pcscd was lost, and reports the loss on transmit', async () => {
    const pcscd = fakePcscd();
    const link = createPcscCardLink({ reader: 'Fake 00', openContext: () => pcscd.open() });
    const lose = (native: FakeNativePcsc): boolean =>
      native.emit(
        'error',
        new Error('SCardGetStatusChange error: Service not available.(0x8010001d)'),
      );
    await link.reset();
    lose(pcscd.natives[0]!);
    await new Promise((r) => setImmediate(r));
    expect(toHex(await link.reset())).toBe(toHex(ATR));
    expect(pcscd.natives).toHaveLength(2);
    expect((await link.transmit(commandApdu(0x00, 0x20, 0x00, 0x01))).sw).toBe(0x63c3);
    lose(pcscd.natives[1]!);
    await new Promise((r) => setImmediate(r));
    const error = await link.transmit(commandApdu(0x00, 0x20, 0x00, 0x01)).catch((e) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('PCSC_NO_SERVICE');
    await link.close();
  });
});
