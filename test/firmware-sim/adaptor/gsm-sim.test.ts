// The same paths with a GSM SIM (CLA A0, TS 51.011 §9 and TS 51.014): the toolkit commands in
// class A0, response data announced with 9Fxx and fetched with A0 C0.
import { describe, expect, it } from 'vitest';
import { commandApdu, type CommandApdu } from '../../../protocol/iso7816/apdu.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import { pay, sentSms, startUp } from './dialogue-support.ts';
import {
  bench,
  deliverOf,
  downloadEnvelope,
  serverOpens,
  serverPacket,
  type Bench,
} from './support.ts';

/** The handset of a GSM SIM: every command in class A0. */
function gsmClass(link: CardLink): CardLink {
  return {
    reset: () => link.reset(),
    transmit: (apdu: CommandApdu) => link.transmit({ ...apdu, cla: 0xa0 }),
  };
}

describe('adaptor in front of a GSM SIM', () => {
  it('pays from the menu and shows a server reply whose PoR comes with 9Fxx', async () => {
    const plain = bench({ name: 'sim-2g' });
    const b: Bench = { ...plain, link: gsmClass(plain.link) };
    const start = await startUp(b);
    expect(start.map((c) => c.type)).toEqual(['setUpMenu']);
    const submit = sentSms(await pay(b, { amount: '20', target: '4085551212', pin: '8642' }));
    expect(serverOpens(submit.userData.body).status).toBe('ok');
    const first = await b.link.transmit(downloadEnvelope(deliverOf(serverPacket('Paid 20.00', 1))));
    expect(first.sw >> 8).toBe(0x9f);
    const por = await b.link.transmit(
      commandApdu(0xa0, 0xc0, 0, 0, new Uint8Array(0), first.sw & 0xff),
    );
    expect(por.sw).toBe(0x9000);
    expect(por.data.length).toBe(first.sw & 0xff);
    expect(plain.notices.some((n) => n.type === 'sms.plaintext' && n.text === 'Paid 20.00')).toBe(
      true,
    );
    plain.adaptor.stop();
  });
});
