// The adaptor's proactive commands merged with a card that has its own (TS 102 221 §14.6): one
// main menu with both sets of items (TS 102 223 §6.4.8), menu selections routed to their owner
// (§7.2), the card's pending command fetched first, and the services the handset needs switched
// on in EF_UST / EF_SST (TS 31.102 §4.2.8, TS 51.011 §10.3.7).
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  encodeProactiveCommand,
  type DisplayText,
  type SetUpMenu,
} from '../../../protocol/cat/index.ts';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';
import { OWN_ITEM_BASE } from '../../../firmware-sim/adaptor/index.ts';
import { hasService } from '../../../firmware-sim/adaptor/service-tables.ts';
import {
  bench,
  drain,
  fetchCommand,
  selectMenuItem,
  terminalProfile,
  terminalResponse,
} from './support.ts';

const simMenu: SetUpMenu = {
  type: 'setUpMenu',
  commandNumber: 1,
  softKeyPreferred: false,
  helpAvailable: false,
  alpha: 'Operator',
  items: [
    { id: 1, text: 'News' },
    { id: 2, text: 'Games' },
  ],
};
const simText: DisplayText = {
  type: 'displayText',
  commandNumber: 2,
  highPriority: false,
  waitForUser: false,
  text: { coding: 'gsm8', text: 'Card says hello' },
  immediateResponse: false,
};

describe('proactive merge with the card', () => {
  it('shows one menu holding the card items and the adaptor items', async () => {
    const b = bench({ profile: { proactiveCommands: [toHex(encodeProactiveCommand(simMenu))] } });
    await b.link.reset();
    const commands = await drain(b.link, (await terminalProfile(b.link)).sw);
    expect(commands).toHaveLength(1);
    const menu = commands[0]!;
    if (menu.type !== 'setUpMenu') throw new Error('no menu');
    expect(menu.alpha).toBe('Operator');
    expect(menu.items.map((i) => `${i.id}:${i.text}`)).toEqual([
      '1:News',
      '2:Games',
      `${OWN_ITEM_BASE}:Pay`,
      `${OWN_ITEM_BASE + 1}:Request`,
      `${OWN_ITEM_BASE + 2}:Balance`,
      `${OWN_ITEM_BASE + 3}:History`,
    ]);
    const toCard: number[] = [];
    b.adaptor.onNotice((n) => {
      if (n.type === 'apdu.traced' && n.toCard !== undefined) toCard.push(n.toCard.ins);
    });
    expect((await selectMenuItem(b.link, 1)).sw).toBe(0x9000);
    expect(toCard).toEqual([0xc2]);
    expect((await selectMenuItem(b.link, OWN_ITEM_BASE)).sw >> 8).toBe(0x91);
    expect(toCard).toEqual([0xc2]);
    b.adaptor.stop();
  });

  it('lets the card command announced meanwhile go first, then continues its own dialogue', async () => {
    const b = bench({ profile: { proactiveCommands: [] } });
    await b.link.reset();
    await drain(b.link, (await terminalProfile(b.link)).sw);
    await selectMenuItem(b.link, OWN_ITEM_BASE);
    b.sim.queueProactiveCommand(encodeProactiveCommand(simText));
    const status = await b.link.transmit(commandApdu(0x80, 0xf2, 0, 0x0c));
    expect(status.sw >> 8).toBe(0x91);
    const first = await fetchCommand(b.link, status.sw);
    expect(first.type).toBe('displayText');
    const rest = await drain(b.link, (await terminalResponse(b.link, first)).sw);
    expect(rest[0]?.type).toBe('getInput');
    b.adaptor.stop();
  });
});

describe('service tables the handset reads', () => {
  it('switches on SMS-PP download and MO SMS control in EF_UST', async () => {
    const b = bench({ profile: { ustServices: [1, 10] } });
    await b.link.reset();
    await b.link.transmit(commandApdu(0x00, 0x20, 0, 1, fromHex('31323334ffffffff')));
    const aid = fromHex('a0000000871002ffffffff8900000100');
    await b.link.transmit(commandApdu(0x00, 0xa4, 0x04, 0x04, aid));
    await b.link.transmit(commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('6f38')));
    const read = await b.link.transmit(commandApdu(0x00, 0xb0, 0, 0, new Uint8Array(0), 4));
    expect(read.sw).toBe(0x9000);
    expect([1, 10, 28, 31].map((n) => hasService('ust', read.data, n))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(hasService('ust', read.data, 2)).toBe(false);
    b.adaptor.stop();
  });

  it('switches on data download, proactive SIM and MO SMS control in EF_SST', async () => {
    const b = bench({ name: 'sim-2g', profile: { sstServices: [1, 2] } });
    await b.link.reset();
    await b.link.transmit(commandApdu(0xa0, 0xa4, 0, 0, fromHex('7f20')));
    await b.link.transmit(commandApdu(0xa0, 0xa4, 0, 0, fromHex('6f38')));
    const read = await b.link.transmit(commandApdu(0xa0, 0xb0, 0, 0, new Uint8Array(0), 10));
    expect(read.sw).toBe(0x9000);
    expect([1, 2, 26, 29, 37].map((n) => hasService('sst', read.data, n))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    b.adaptor.stop();
  });
});
