// The emulated handset running through the adaptor in front of the virtual SIM: start-up with
// the merged menu, then a payment chosen from the menu leaves as one secured SMS to the server.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CardChannel } from '../../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../../firmware-sim/handset/handset-client.ts';
import { memoryCarrier, memoryVoice, scriptedUser } from '../../../firmware-sim/handset/ports.ts';
import { OWN_ITEM_BASE } from '../../../firmware-sim/adaptor/index.ts';
import { decodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { decodeGsm7Septets } from '../../../protocol/sms/gsm7-alphabet.ts';
import { bench, SERVER, serverOpens } from './support.ts';

describe('handset through the adaptor', () => {
  it('pays from the adaptor menu with one secured SMS', async () => {
    const b = bench();
    const carrier = memoryCarrier();
    let sentOne = (): void => undefined;
    const sent = new Promise<void>((resolve) => (sentOne = resolve));
    const network = {
      submit: async (sms: Parameters<typeof carrier.submit>[0]) => {
        const reference = await carrier.submit(sms);
        sentOne();
        return reference;
      },
    };
    const user = scriptedUser({
      pin: '1234',
      answers: [
        { kind: 'text', text: '20' },
        { kind: 'text', text: '4085551212' },
        { kind: 'item', position: 2 },
        { kind: 'text', text: 'lunch' },
        { kind: 'text', text: '8642' },
      ],
    });
    const ports = {
      channel: new CardChannel(b.link),
      carrier: network,
      voice: memoryVoice(),
      user,
    };
    const client = new HandsetClient({ ports, statusInterval: 1000 }, new SimulatedClock()).start();
    const menus: string[][] = [];
    client.on('menu.changed', (e) => menus.push(e.items.map((i) => i.text)));
    const result = await client.request({ kind: 'selectMenuItem', itemId: OWN_ITEM_BASE });
    expect(result.ok).toBe(true);
    await sent;
    expect(carrier.sent).toHaveLength(1);
    const submit = decodeSmsSubmit(carrier.sent[0]!.tpdu);
    expect(submit.destination.value).toBe(SERVER.slice(1));
    const opened = serverOpens(submit.userData.body);
    if (opened.status !== 'ok') throw new Error(opened.status);
    expect(decodeGsm7Septets(opened.data)).toBe('PAY 20 4085551212 lunch\nPIN 8642');
    expect(menus.at(-1)).toEqual(['Pay', 'Request', 'Balance', 'History']);
    client.stop();
    b.adaptor.stop();
  });
});
