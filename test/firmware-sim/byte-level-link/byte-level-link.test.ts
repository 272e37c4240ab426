// The byte-level CardLink against the virtual SIM on its ISO/IEC 7816-3 line: ATR, PPS to the
// rate TA1 offers (§9), refusals and silence, T=0 APDUs with the byte stream split at random
// (seeded), and the handset's whole start-up over it matching the APDU-level link.
import { describe, expect, it } from 'vitest';
import {
  ByteLevelLink,
  CardLineError,
  fasterRate,
} from '../../../firmware-sim/byte-level-link/byte-level-link.ts';
import { byteLevelCard } from '../../../firmware-sim/virtual-sim/byte-level-card.ts';
import { virtualSimLink } from '../../../firmware-sim/virtual-sim/virtual-sim-link.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';
import { decodeAtr } from '../../../protocol/iso7816/atr.ts';
import { fixtureSim } from '../virtual-sim/sim-driver.ts';
import { commands, handsetOn, idle, statusWords } from '../handset/real-sim-support.ts';
import { splitPort } from './split-port.ts';

const SEEDS = Array.from({ length: 24 }, (_, i) => i * 7919 + 1);
const selectMf = commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('3f00'));

describe('fasterRate (ISO/IEC 7816-3 §7.1, §8.3 TA1)', () => {
  it.each([
    ['no TA1', '3b00', undefined],
    ['TA1 = 11, the default Fd/Dd', '3b1011', undefined],
    ['TA1 = 96: F 512, D 32, 16 clocks per etu', '3b1096', 0x96],
    ['TA1 = 01: F 372, D 1 again', '3b1001', undefined],
    ['TA1 = 18: D 12, 31 clocks per etu', '3b1018', 0x18],
  ])('%s', (_name, hex, rate) => {
    expect(fasterRate(decodeAtr(fromHex(hex)))).toBe(rate);
  });
});

describe('ByteLevelLink reset and PPS', () => {
  it.each(SEEDS)(
    'requests TA1 96 from the UICC, accepts the echo and switches (seed %i)',
    async (seed) => {
      const sim = fixtureSim('test-sim');
      const { port, rates, written } = splitPort(byteLevelCard(sim), seed);
      const link = new ByteLevelLink(port);
      expect(toHex(await link.reset())).toBe('3b9396801fc78031e00c');
      expect(toHex(Uint8Array.from(written))).toBe('ff109679');
      expect(link.state).toMatchObject({ pps: 'accepted', rateByte: 0x96 });
      expect(rates).toEqual([0x96]);
      const mf = await link.transmit(selectMf);
      expect(mf.sw).toBe(0x6122);
      const fcp = await link.transmit(commandApdu(0x00, 0xc0, 0, 0, undefined, 0x22));
      expect(fcp.sw).toBe(0x9000);
      expect(fcp.data[0]).toBe(0x62);
    },
  );

  it.each([
    ['TA2 00: TA1 96 applies at once', '3b90961000', 0x96, [0x96]],
    ['TA2 10: implicit parameters, Fd/Dd', '3b90961010', 0x11, []],
  ])('sends no PPS to a card in specific mode (%s)', async (_name, atr, rateByte, switched) => {
    const written: number[] = [];
    const rates: number[] = [];
    let pending = fromHex(atr);
    const port = {
      reset: async () => {},
      write: async (bytes: Uint8Array) => void written.push(...bytes),
      read: async () => {
        const out = pending;
        pending = new Uint8Array(0);
        return out;
      },
      setRate: async (rate: number) => void rates.push(rate),
    };
    const link = new ByteLevelLink(port);
    expect(toHex(await link.reset())).toBe(atr);
    expect(link.state).toMatchObject({ pps: 'specific mode', rateByte });
    expect(rates).toEqual(switched);
    expect(written).toEqual([]);
  });

  it('keeps Fd/Dd when the card answers without PPS1', async () => {
    const card = byteLevelCard(fixtureSim('test-sim'), {
      pps: { protocols: [0], acceptsRate: () => false },
    });
    const { port, rates } = splitPort(card, 5);
    const link = new ByteLevelLink(port);
    await link.reset();
    expect(link.state).toMatchObject({ pps: 'refused', rateByte: 0x11 });
    expect(rates).toEqual([]);
    expect((await link.transmit(selectMf)).sw).toBe(0x6122);
  });

  it('resets again and stays at Fd/Dd when the card does not answer the PPS', async () => {
    const card = byteLevelCard(fixtureSim('test-sim'), {
      pps: { protocols: [1], acceptsRate: () => true },
    });
    const { port, rates, resets } = splitPort(card, 9);
    const link = new ByteLevelLink(port);
    await link.reset();
    expect(link.state).toMatchObject({ pps: 'no answer', rateByte: 0x11 });
    expect(resets()).toBe(2);
    expect(rates).toEqual([]);
    expect((await link.transmit(selectMf)).sw).toBe(0x6122);
  });

  it('returns 9F xx to the caller without following it up', async () => {
    const { port } = splitPort(byteLevelCard(fixtureSim('sim-2g')), 3);
    const link = new ByteLevelLink(port);
    await link.reset();
    const gsm = await link.transmit(commandApdu(0xa0, 0xa4, 0, 0, fromHex('3f00')));
    expect(gsm.sw >> 8).toBe(0x9f);
    const data = await link.transmit(commandApdu(0xa0, 0xc0, 0, 0, undefined, gsm.sw & 0xff));
    expect(data.sw).toBe(0x9000);
    expect(data.data).toHaveLength(gsm.sw & 0xff);
  });

  it('rejects with CardLineError when the card stays silent', async () => {
    const silent = {
      reset: async () => {},
      write: async () => {},
      read: async () => new Uint8Array(0),
      setRate: async () => {},
    };
    await expect(new ByteLevelLink(silent).reset()).rejects.toThrow(CardLineError);
    const { port } = splitPort(byteLevelCard(fixtureSim('test-sim')), 1);
    const link = new ByteLevelLink({ ...port, write: async () => {} });
    await expect(link.transmit(selectMf)).rejects.toThrow(CardLineError);
  });
});

describe('the handset over the byte-level link', () => {
  it.each(SEEDS.slice(0, 8))(
    'starts in UICC mode exactly as over the APDU link (seed %i)',
    async (seed) => {
      const reference = handsetOn(virtualSimLink(fixtureSim('test-sim')), { pin: '1234' });
      expect(await reference.client.start().settled()).toBe('READY');
      await idle(reference);
      const { port } = splitPort(byteLevelCard(fixtureSim('test-sim')), seed);
      const h = handsetOn(new ByteLevelLink(port), { pin: '1234' });
      expect(await h.client.start().settled()).toBe('READY');
      await idle(h);
      expect(h.client.context.mode).toBe('uicc');
      expect(h.screen).toEqual(['Test SIM']);
      expect(commands(h)).toEqual(commands(reference));
      expect(statusWords(h)).toEqual(statusWords(reference));
    },
  );

  it('starts in GSM mode on the 2G profile after the PPS', async () => {
    const { port, rates } = splitPort(byteLevelCard(fixtureSim('sim-2g')), 77);
    const h = handsetOn(new ByteLevelLink(port));
    expect(await h.client.start().settled()).toBe('READY');
    expect(h.client.context.mode).toBe('gsm');
    expect(rates).toEqual([0x96]);
  });
});
