// The payment application end to end over the virtual SIM: start-up with the card's own
// proactive command and the merged menu (TS 102 223 §6.4.8), the GET INPUT / SELECT ITEM dialogue,
// and the secured SEND SHORT MESSAGE (TS 102 225 §5.1) with consecutive counters.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import { decodeGsm7Septets, encodeGsm7Septets } from '../../../protocol/sms/gsm7-alphabet.ts';
import { OWN_ITEM_BASE } from '../../../firmware-sim/adaptor/index.ts';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';
import { bench, drain, moControlTo, selectMenuItem, serverOpens, SERVER } from './support.ts';
import { pay, sentSms, startUp, user } from './dialogue-support.ts';

describe('adaptor start-up', () => {
  it('passes the card own command through, then shows the merged menu', async () => {
    const b = bench();
    const commands = await startUp(b);
    expect(commands.map((c) => c.type)).toEqual(['displayText', 'setUpMenu']);
    const menu = commands[1]!;
    if (menu.type !== 'setUpMenu') throw new Error('not a menu');
    expect(menu.items.map((i) => i.text)).toEqual(['Pay', 'Request', 'Balance', 'History']);
    expect(menu.items[0]!.id).toBe(OWN_ITEM_BASE);
    b.adaptor.stop();
  });
});

describe('handsets without the toolkit commands', () => {
  it('get no menu from the adaptor and a plain 9000 to TERMINAL PROFILE', async () => {
    const b = bench({ profile: { proactiveCommands: [] } });
    await b.link.reset();
    const tp = await b.link.transmit(
      commandApdu(0x80, 0x10, 0, 0, Uint8Array.of(0x03, 0x00, 0x00)),
    );
    expect(tp.sw).toBe(0x9000);
    b.adaptor.stop();
  });
});

describe('device button', () => {
  it('starts the Pay dialogue, announced on the next STATUS', async () => {
    const b = bench();
    await startUp(b);
    b.adaptor.pressButton('pay');
    await Promise.resolve();
    const status = await b.link.transmit(commandApdu(0x80, 0xf2, 0, 0x0c));
    const [first] = await drain(b.link, status.sw, () => ({ code: 0x10 }));
    expect(first?.type === 'getInput' && first.prompt?.text).toBe('Amount');
    b.adaptor.stop();
  });
});

describe('payment over secured SMS', () => {
  it('collects the request and sends it ciphered with counter 1 to the server', async () => {
    const b = bench();
    await startUp(b);
    const commands = await pay(b, {
      amount: '20',
      target: '4085551212',
      message: 'lunch',
      pin: '8642',
    });
    expect(commands.map((c) => c.type)).toEqual([
      'getInput',
      'getInput',
      'selectItem',
      'getInput',
      'getInput',
      'sendShortMessage',
    ]);
    const submit = sentSms(commands);
    expect(submit.destination.value).toBe(SERVER.slice(1));
    expect(submit.userData.header).toEqual([{ type: 'otaCommand' }]);
    const opened = serverOpens(submit.userData.body);
    expect(opened.status).toBe('ok');
    if (opened.status !== 'ok') return;
    expect(opened.counter).toBe(1);
    expect(decodeGsm7Septets(opened.data)).toBe('PAY 20 4085551212 lunch\nPIN 8642');
    expect(b.storage.current?.uplinkCounter).toBe(1);
    b.adaptor.stop();
  });

  it('gives two payments in a row consecutive counters and no plaintext in either SMS', async () => {
    const b = bench();
    await startUp(b);
    const first = sentSms(await pay(b, { amount: '20', target: '4085551212', pin: '8642' }));
    const second = sentSms(await pay(b, { amount: '35.50', target: '4085550123', pin: '8642' }));
    const counters = [first, second].map((s) => {
      const o = serverOpens(s.userData.body);
      return o.status === 'ok' ? o.counter : -1;
    });
    expect(counters).toEqual([1, 2]);
    for (const sms of [first, second]) {
      const hex = toHex(sms.userData.body);
      for (const secret of ['PAY 20', 'PAY 35', 'PIN', '8642', '4085551212', '4085550123']) {
        expect(hex).not.toContain(toHex(encodeGsm7Septets(secret)));
      }
    }
    b.adaptor.stop();
  });

  it('tells the user when the handset could not send the SMS, and uses a new counter next time', async () => {
    const b = bench();
    await startUp(b);
    const answers = user({ amount: '20', target: '4085551212', pin: '8642' });
    const selected = await selectMenuItem(b.link, OWN_ITEM_BASE);
    const commands = await drain(b.link, selected.sw, (c) =>
      c.type === 'sendShortMessage' ? { code: 0x35 } : answers(c),
    );
    const last = commands.at(-1);
    expect(last?.type === 'displayText' && last.text?.text).toBe('Not sent, please try again');
    const control = await b.link.transmit(moControlTo(SERVER));
    expect(control.sw >> 8).toBe(0x61);
    const again = sentSms(await pay(b, { amount: '20', target: '4085551212', pin: '8642' }));
    const opened = serverOpens(again.userData.body);
    expect(opened.status === 'ok' && opened.counter).toBe(2);
    b.adaptor.stop();
  });

  it('saves the counter before the SMS carrying it can be fetched', async () => {
    const b = bench();
    await startUp(b);
    const saves: number[] = [];
    const seenAtFetch: number[] = [];
    const original = b.storage.save.bind(b.storage);
    b.storage.save = async (s) => {
      saves.push(s.uplinkCounter);
      await original(s);
    };
    const commands = await pay(b, { amount: '5', target: '4085551212', pin: '1111' });
    seenAtFetch.push(b.storage.current?.uplinkCounter ?? -1);
    expect(sentSms(commands)).toBeDefined();
    expect(saves).toContain(1);
    expect(seenAtFetch).toEqual([1]);
    b.adaptor.stop();
  });
});
