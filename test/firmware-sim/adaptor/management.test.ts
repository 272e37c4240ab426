// Over-the-air management (secured SMS to the adaptor's own TAR, TS 102 225 §5.1), the voice
// application (SET UP CALL then SEND DTMF of the sealed frame, TS 102 223 §6.4.13, §6.4.24), and the counter kept
// across a power loss.
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../protocol/bytes/index.ts';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';
import { unwrapResponsePacket } from '../../../protocol/ota/index.ts';
import {
  AES_KIC,
  AES_KID,
  MANAGEMENT_TAR,
  memoryStorage,
  OWN_ITEM_BASE,
  parseManagement,
  type PaymentRequest,
} from '../../../firmware-sim/adaptor/index.ts';
import { decodeFrame } from '../../../modem/framing/frame.ts';
import { aesPayloadCipher } from '../../../modem/voice/payload-cipher-aes.ts';
import { openPayload } from '../../../modem/voice/payload-codec.ts';
import type { ProactiveCommand } from '../../../protocol/cat/index.ts';
import { ResultCode } from '../../../protocol/cat/result.ts';
import { pay, sentSms, startUp, user } from './dialogue-support.ts';
import {
  bench,
  deliverOf,
  DOWNLINK_SPI,
  downloadEnvelope,
  engine,
  drain,
  selectMenuItem,
  serverKeys,
  serverOpens,
  serverPacket,
  TEST_SETTINGS,
} from './support.ts';

const managementKeys = {
  kic: fromHex(TEST_SETTINGS.managementKeys.kic),
  kid: fromHex(TEST_SETTINGS.managementKeys.kid),
};

describe('management over the air', () => {
  it('parses each command and refuses a message with any bad line', () => {
    expect(parseManagement('SERVER +4085550999\nDISABLE voice')).toHaveLength(2);
    expect(parseManagement('SERVER +4085550999\nFORMAT ALL')).toBeUndefined();
    expect(parseManagement('KEYS 00 11')).toBeUndefined();
    expect(parseManagement('')).toBeUndefined();
  });

  it('changes the server number and removes a disabled application from the menu', async () => {
    const b = bench({ voice: { keypadMessage: () => '1*2#' } });
    await startUp(b);
    const packet = serverPacket('SERVER +4085550999\nDISABLE voice', 1, {
      tar: MANAGEMENT_TAR,
      keys: managementKeys,
    });
    const answer = await b.link.transmit(downloadEnvelope(deliverOf(packet)));
    expect(answer.sw >> 8).toBe(0x61);
    expect(b.storage.current?.serverNumber).toBe('+4085550999');
    expect(b.storage.current?.applications.voice).toBe(false);
    expect(b.storage.current?.managementCounter).toBe(1);
    await b.link.transmit(commandApdu(0x00, 0xc0, 0, 0, new Uint8Array(0), answer.sw & 0xff));
    const status = await b.link.transmit(commandApdu(0x80, 0xf2, 0, 0x0c));
    const [menu] = await drain(b.link, status.sw);
    if (menu?.type !== 'setUpMenu') throw new Error('no new menu');
    expect(menu.items.map((i) => i.text)).toEqual(['Pay', 'Request', 'Balance', 'History']);
    b.adaptor.stop();
  });

  it('answers a key change with a PoR sealed with the keys the change came with', async () => {
    const b = bench();
    await startUp(b);
    const newKeys = 'ADMIN-KEYS ' + 'ab'.repeat(16) + ' ' + 'cd'.repeat(16);
    const packet = serverPacket(newKeys, 1, { tar: MANAGEMENT_TAR, keys: managementKeys });
    const answer = await b.link.transmit(downloadEnvelope(deliverOf(packet)));
    const por = await b.link.transmit(
      commandApdu(0x00, 0xc0, 0, 0, new Uint8Array(0), answer.sw & 0xff),
    );
    const security = { spi: DOWNLINK_SPI, kic: AES_KIC, kid: AES_KID };
    const opened = unwrapResponsePacket(por.data, security, managementKeys, engine);
    expect(opened.verified && opened.status).toBe('ok');
    expect(b.storage.current?.managementKeys.kic).toBe('ab'.repeat(16));
    b.adaptor.stop();
  });

  it('refuses a management message sealed with the payment keys', async () => {
    const b = bench();
    await startUp(b);
    const packet = serverPacket('SERVER +4085550999', 1, { tar: MANAGEMENT_TAR });
    await b.link.transmit(downloadEnvelope(deliverOf(packet)));
    expect(b.adaptor.core.settings.serverNumber).toBe(TEST_SETTINGS.serverNumber);
    expect(b.notices.some((n) => n.type === 'sms.rejected')).toBe(true);
    b.adaptor.stop();
  });
});

describe('voice application', () => {
  it('calls the IVR and sends the sealed request frame twice as DTMF', async () => {
    const requests: PaymentRequest[] = [];
    const encoder = {
      keypadMessage: (r: PaymentRequest) => {
        requests.push(r);
        return '11*0120*024085551212#';
      },
    };
    const b = bench({ voice: encoder });
    await startUp(b);
    const selected = await selectMenuItem(b.link, OWN_ITEM_BASE + 4);
    const commands = await drain(
      b.link,
      selected.sw,
      user({ amount: '20', target: '4085551212', pin: '8642' }),
    );
    const call = commands.find((c) => c.type === 'setUpCall');
    const dtmf = commands.flatMap((c) => (c.type === 'sendDtmf' ? [c.digits] : []));
    if (call?.type !== 'setUpCall') throw new Error('no call');
    expect(call.address.digits).toBe('4085550200');
    expect(dtmf).toHaveLength(2);
    expect(dtmf[1]).toBe(dtmf[0]);
    const frame = decodeFrame(dtmf[0]!);
    if (frame.kind !== 'data') throw new Error('not a data frame');
    expect(frame.seq).toBe(0);
    const cipher = aesPayloadCipher({ engine, keys: serverKeys, sends: 'response' });
    expect(await openPayload(frame.payload, cipher)).toEqual({
      keypad: '11*0120*024085551212#',
      counter: 1,
    });
    expect(b.storage.current?.uplinkCounter).toBe(1);
    const last = commands.at(-1);
    expect(last?.type === 'displayText' && last.text?.text).toBe(
      'Request sent. The result comes by SMS',
    );
    expect(requests).toEqual([{ keyword: 'PAY', amount: '20', target: '4085551212', pin: '8642' }]);
    b.adaptor.stop();
  });

  it('keeps the counter of a call that failed, so the next request is sealed under a higher one', async () => {
    const b = bench({ voice: { keypadMessage: () => '20*014085551234#' } });
    await startUp(b);
    const refuseCall = (c: ProactiveCommand) =>
      c.type === 'setUpCall' ? { code: ResultCode.networkUnableToProcess } : {};
    const answers = user({ amount: '5', target: '4085551212', pin: '8642' });
    const first = await drain(
      b.link,
      (await selectMenuItem(b.link, OWN_ITEM_BASE + 4)).sw,
      (c) => ({ ...answers(c), ...refuseCall(c) }),
    );
    expect(first.some((c) => c.type === 'sendDtmf')).toBe(false);
    expect(b.storage.current?.uplinkCounter).toBe(1);
    const second = await drain(
      b.link,
      (await selectMenuItem(b.link, OWN_ITEM_BASE + 4)).sw,
      answers,
    );
    const dtmf = second.find((c) => c.type === 'sendDtmf');
    if (dtmf?.type !== 'sendDtmf') throw new Error('no DTMF');
    const frame = decodeFrame(dtmf.digits);
    expect(frame.kind === 'data' && frame.payload.startsWith('*2*')).toBe(true);
    b.adaptor.stop();
  });
});

describe('counter across a power loss', () => {
  it('never reuses the counter of an SMS that left before the power went', async () => {
    const b = bench();
    await startUp(b);
    const first = sentSms(await pay(b, { amount: '20', target: '4085551212', pin: '8642' }));
    const snapshot = b.storage.current!;
    b.adaptor.stop();
    const again = bench({ storage: memoryStorage(snapshot) });
    await startUp(again);
    const second = sentSms(await pay(again, { amount: '20', target: '4085551212', pin: '8642' }));
    const counters = [first, second].map((s) => {
      const o = serverOpens(s.userData.body);
      return o.status === 'ok' ? o.counter : -1;
    });
    expect(counters).toEqual([1, 2]);
    again.adaptor.stop();
  });
});
