// What the handset itself sends toward the server: an SMS stored for sending (UPDATE RECORD of
// EF_SMS, TS 51.011 §10.5.3) is rewritten into the secured form, and MO SHORT MESSAGE CONTROL
// (TS 31.111 §7.3.2) refuses a plaintext SMS to the server; other SMS pass untouched.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeMoSmsControlResponse } from '../../../protocol/cat/index.ts';
import { commandApdu, type CommandApdu } from '../../../protocol/iso7816/apdu.ts';
import {
  adaptorConfig,
  createAdaptor,
  memoryStorage,
} from '../../../firmware-sim/adaptor/index.ts';
import { createVirtualSim, virtualSimLink } from '../../../firmware-sim/virtual-sim/index.ts';
import { phoneAddress } from '../../../protocol/sms/address.ts';
import { DCS_GSM7 } from '../../../protocol/sms/dcs.ts';
import { decodeEfSmsRecord, encodeEfSmsRecord } from '../../../protocol/sms/ef-sms-record.ts';
import { encodeGsm7Septets, decodeGsm7Septets } from '../../../protocol/sms/gsm7-alphabet.ts';
import type { SmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import {
  bench,
  drain,
  engine,
  fixtureProfile,
  moControlTo,
  SERVER,
  serverOpens,
  terminalProfile,
  TEST_SETTINGS,
  type Bench,
} from './support.ts';

async function started(): Promise<Bench> {
  const b = bench();
  await b.link.reset();
  await drain(b.link, (await terminalProfile(b.link)).sw);
  await b.link.transmit(commandApdu(0x00, 0x20, 0, 1, fromHex('31323334ffffffff')));
  await b.link.transmit(commandApdu(0x00, 0xa4, 0x08, 0x04, fromHex('7f106f3c')));
  return b;
}

const submitTo = (to: string, text: string): SmsSubmit => ({
  type: 'submit',
  rejectDuplicates: false,
  replyPath: false,
  statusReportRequest: false,
  messageReference: 7,
  destination: phoneAddress(to),
  pid: 0,
  dcs: DCS_GSM7,
  validityPeriod: { format: 'none' },
  userData: { body: encodeGsm7Septets(text) },
});

const moRecord = (submit: SmsSubmit) =>
  encodeEfSmsRecord({ kind: 'used', status: 0x07, tpdu: submit });

async function storeAndRead(b: Bench, record: Uint8Array): Promise<Uint8Array> {
  const stored = await b.link.transmit(commandApdu(0x00, 0xdc, 2, 0x04, record));
  expect(stored.sw).toBe(0x9000);
  const read = b.sim.handleApdu(commandApdu(0x00, 0xb2, 2, 0x04, new Uint8Array(0), 176));
  return read.data;
}

describe('SMS stored for sending to the server', () => {
  it('reaches the card as a secured packet with the next counter', async () => {
    const b = await started();
    const onCard = decodeEfSmsRecord(
      await storeAndRead(b, moRecord(submitTo(SERVER, 'PAY 5 4085551212 8642'))),
    );
    if (onCard.kind !== 'used' || onCard.tpdu.type !== 'submit') throw new Error('not stored');
    expect(onCard.tpdu.userData.header).toEqual([{ type: 'otaCommand' }]);
    expect(onCard.tpdu.messageReference).toBe(7);
    const opened = serverOpens(onCard.tpdu.userData.body);
    if (opened.status !== 'ok') throw new Error(opened.status);
    expect(decodeGsm7Septets(opened.data)).toBe('PAY 5 4085551212 8642');
    expect(opened.counter).toBe(1);
    expect(b.storage.current?.uplinkCounter).toBe(1);
    b.adaptor.stop();
  });

  it('saves the counter before the card stores the secured SMS', async () => {
    const storage = memoryStorage(TEST_SETTINGS);
    const sim = createVirtualSim(fixtureProfile('test-sim'));
    const seen: number[] = [];
    const link = virtualSimLink(sim);
    const watching = {
      reset: () => link.reset(),
      transmit: (apdu: CommandApdu) => {
        if (apdu.ins === 0xdc) seen.push(storage.current?.uplinkCounter ?? -1);
        return link.transmit(apdu);
      },
    };
    const adaptor = createAdaptor({
      sim: watching,
      storage,
      cipher: engine,
      config: adaptorConfig(TEST_SETTINGS),
    });
    await adaptor.link.reset();
    await adaptor.link.transmit(commandApdu(0x00, 0x20, 0, 1, fromHex('31323334ffffffff')));
    await adaptor.link.transmit(commandApdu(0x00, 0xa4, 0x08, 0x04, fromHex('7f106f3c')));
    await adaptor.link.transmit(
      commandApdu(0x00, 0xdc, 2, 0x04, moRecord(submitTo(SERVER, 'BAL 8642'))),
    );
    expect(seen).toEqual([1]);
    adaptor.stop();
  });

  it('leaves an SMS to anyone else byte for byte', async () => {
    const b = await started();
    const record = moRecord(submitTo('+4085557777', 'see you at 8'));
    expect(toHex(await storeAndRead(b, record))).toBe(toHex(record));
    b.adaptor.stop();
  });
});

describe('MO SHORT MESSAGE CONTROL', () => {
  it('refuses a plaintext SMS to the server', async () => {
    const b = await started();
    const first = await b.link.transmit(moControlTo(SERVER));
    expect(first.sw >> 8).toBe(0x61);
    const data = await b.link.transmit(
      commandApdu(0x00, 0xc0, 0, 0, new Uint8Array(0), first.sw & 0xff),
    );
    expect(decodeMoSmsControlResponse(data.data).result).toBe('notAllowed');
    b.adaptor.stop();
  });

  it('allows the secured SMS the adaptor produced itself', async () => {
    const b = await started();
    await storeAndRead(b, moRecord(submitTo(SERVER, 'BALANCE 8642')));
    expect((await b.link.transmit(moControlTo(SERVER))).sw).toBe(0x9000);
    expect((await b.link.transmit(moControlTo(SERVER))).sw >> 8).toBe(0x61);
    b.adaptor.stop();
  });

  it('passes the envelope for other destinations to the card', async () => {
    const b = await started();
    expect((await b.link.transmit(moControlTo('+4085557777'))).sw).toBe(0x9000);
    b.adaptor.stop();
  });
});
