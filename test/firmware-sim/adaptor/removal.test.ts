// The SIM pulled out of the adaptor in the middle of a payment dialogue (ISO/IEC 7816-3 §6.2:
// the card is gone until it is put back and reset): commands fail as "removed", and once the card
// is back the handset starts over and the next payment carries the next counter.
import { describe, expect, it } from 'vitest';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import type { AdaptorLinkError } from '../../../firmware-sim/adaptor/index.ts';
import {
  adaptorConfig,
  createAdaptor,
  memoryStorage,
  OWN_ITEM_BASE,
} from '../../../firmware-sim/adaptor/index.ts';
import { createVirtualSim, virtualSimLink } from '../../../firmware-sim/virtual-sim/index.ts';
import { pay, sentSms, startUp } from './dialogue-support.ts';
import {
  engine,
  fetchCommand,
  fixtureProfile,
  selectMenuItem,
  serverOpens,
  TEST_SETTINGS,
  type Bench,
} from './support.ts';

/** A card link whose card can be pulled out and put back. */
function pluggable(inner: CardLink): CardLink & { present: boolean } {
  const gone = () =>
    Promise.reject(Object.assign(new Error('card removed'), { code: 'CARD_REMOVED' }));
  const link = {
    present: true,
    reset: () => (link.present ? inner.reset() : gone()),
    transmit: (apdu: Parameters<CardLink['transmit']>[0]) =>
      link.present ? inner.transmit(apdu) : gone(),
  };
  return link;
}

describe('SIM removed mid-session', () => {
  it('fails while the card is out, and pays with the next counter once it is back', async () => {
    const sim = createVirtualSim(fixtureProfile('test-sim'));
    const plug = pluggable(virtualSimLink(sim));
    const storage = memoryStorage(TEST_SETTINGS);
    const adaptor = createAdaptor({
      sim: plug,
      storage,
      cipher: engine,
      config: adaptorConfig(TEST_SETTINGS),
    });
    const notices: never[] = [];
    const b: Bench = { sim, adaptor, storage, notices, link: adaptor.link };
    await startUp(b);
    sentSms(await pay(b, { amount: '20', target: '4085551212', pin: '8642' }));
    const selected = await selectMenuItem(b.link, OWN_ITEM_BASE);
    await fetchCommand(b.link, selected.sw);
    plug.present = false;
    adaptor.cardRemoved();
    const failure = await b.link
      .transmit(commandApdu(0x80, 0xf2, 0, 0x0c))
      .catch((e: AdaptorLinkError) => e.code);
    expect(failure).toBe('ADAPTOR_SIM_REMOVED');
    expect(adaptor.actor.getSnapshot().value).toBe('simRemoved');
    plug.present = true;
    await startUp(b);
    const second = sentSms(await pay(b, { amount: '5', target: '4085551212', pin: '8642' }));
    const opened = serverOpens(second.userData.body);
    expect(opened.status === 'ok' && opened.counter).toBe(2);
    adaptor.stop();
  });
});
