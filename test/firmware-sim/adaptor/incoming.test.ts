// Server replies through the adaptor: SMS-PP data download (TS 31.111 §7.1.1) and class 2 SMS
// stored with UPDATE RECORD (TS 51.011 §10.5.3) verified and deciphered (TS 102 225 §5.1), shown
// in clear, PoR returned (§5.2); replayed, forged and far-ahead packets refused and never shown.
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../protocol/bytes/index.ts';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';
import { unwrapResponsePacket } from '../../../protocol/ota/index.ts';
import { decodeEfSmsRecord, encodeEfSmsRecord } from '../../../protocol/sms/ef-sms-record.ts';
import { userDataText } from '../../../protocol/sms/user-data.ts';
import { decodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { AES_KIC, AES_KID } from '../../../firmware-sim/adaptor/index.ts';
import {
  bench,
  deliverOf,
  DOWNLINK_SPI,
  downloadEnvelope,
  drain,
  engine,
  serverKeys,
  serverPacket,
  terminalProfile,
  type Bench,
} from './support.ts';

async function started(): Promise<Bench> {
  const b = bench();
  await b.link.reset();
  await drain(b.link, (await terminalProfile(b.link)).sw);
  return b;
}

async function download(b: Bench, text: string, counter: number, keys = serverKeys) {
  const envelope = downloadEnvelope(deliverOf(serverPacket(text, counter, { keys })));
  const first = await b.link.transmit(envelope);
  if (first.sw >> 8 !== 0x61) return { por: undefined, sw: first.sw, shown: [] as string[] };
  const por = await b.link.transmit(
    commandApdu(0x00, 0xc0, 0, 0, new Uint8Array(0), first.sw & 0xff),
  );
  const status = await b.link.transmit(commandApdu(0x80, 0xf2, 0x00, 0x0c));
  const shown = await drain(b.link, status.sw);
  const texts = shown.map((c) => (c.type === 'displayText' ? (c.text?.text ?? '') : c.type));
  return { por: por.data, sw: por.sw, shown: texts };
}

const porStatus = (por: Uint8Array | undefined) => {
  if (por === undefined) return 'none';
  const security = { spi: DOWNLINK_SPI, kic: AES_KIC, kid: AES_KID };
  const r = unwrapResponsePacket(por, security, serverKeys, engine);
  return r.verified ? r.status : r.problem;
};

describe('SMS-PP download from the server', () => {
  it('shows the plaintext with DISPLAY TEXT and answers a PoR with status ok', async () => {
    const b = await started();
    const result = await download(b, 'Paid 20.00 to 4085551212', 1);
    expect(result.shown).toEqual(['Paid 20.00 to 4085551212']);
    expect(porStatus(result.por)).toBe('ok');
    expect(b.storage.current?.downlinkCounter).toBe(1);
    b.adaptor.stop();
  });

  it('refuses a replayed packet without showing it', async () => {
    const b = await started();
    await download(b, 'Balance 100.00', 5);
    const replay = await download(b, 'Balance 100.00', 5);
    expect(replay.shown).toEqual([]);
    expect(porStatus(replay.por)).toBe('counter-low');
    expect(b.notices.some((n) => n.type === 'sms.rejected' && n.reason === 'counter-low')).toBe(
      true,
    );
    b.adaptor.stop();
  });

  it('refuses a packet made with other keys', async () => {
    const b = await started();
    const forged = { kic: serverKeys.kic, kid: fromHex('ffffffffffffffffffffffffffffffff') };
    const result = await download(b, 'Paid 999', 1, forged);
    expect(result.shown).toEqual([]);
    expect(b.storage.current?.downlinkCounter).toBe(0);
    expect(b.notices.some((n) => n.type === 'sms.rejected' && n.reason === 'checksum-failed')).toBe(
      true,
    );
    b.adaptor.stop();
  });

  it('refuses a counter far ahead of the last one', async () => {
    const b = await started();
    const result = await download(b, 'Paid 1', 5000);
    expect(result.shown).toEqual([]);
    expect(porStatus(result.por)).toBe('counter-high');
    b.adaptor.stop();
  });

  it('sends the PoR in an SMS-SUBMIT to the server when the SPI asks for that', async () => {
    const b = await started();
    const spi = { ...DOWNLINK_SPI, porViaSubmit: true };
    const envelope = downloadEnvelope(deliverOf(serverPacket('Paid 3.00', 1, { spi })));
    const answer = await b.link.transmit(envelope);
    expect(answer.sw >> 8).toBe(0x91);
    const commands = await drain(b.link, answer.sw);
    expect(commands.map((c) => c.type)).toEqual(['displayText', 'sendShortMessage']);
    const sms = commands[1]!;
    if (sms.type !== 'sendShortMessage') throw new Error('no SMS');
    const submit = decodeSmsSubmit(sms.tpdu);
    expect(submit.userData.header).toEqual([{ type: 'otaResponse' }]);
    const security = { spi, kic: AES_KIC, kid: AES_KID };
    const r = unwrapResponsePacket(submit.userData.body, security, serverKeys, engine);
    expect(r.verified && r.status).toBe('ok');
    b.adaptor.stop();
  });

  it('passes an SMS-PP download from another sender to the card unchanged', async () => {
    const b = await started();
    const envelope = downloadEnvelope(deliverOf(serverPacket('x', 1), '+4085559999'));
    const response = await b.link.transmit(envelope);
    expect(response.sw).toBe(0x9000);
    expect(b.notices).toEqual([]);
    b.adaptor.stop();
  });
});

describe('class 2 SMS from the server stored with UPDATE RECORD', () => {
  const selectSms = async (b: Bench) => {
    const pin = await b.link.transmit(commandApdu(0x00, 0x20, 0, 1, fromHex('31323334ffffffff')));
    expect(pin.sw).toBe(0x9000);
    const select = await b.link.transmit(commandApdu(0x00, 0xa4, 0x08, 0x04, fromHex('7f106f3c')));
    expect(select.sw >> 8).toBe(0x61);
  };
  const store = (b: Bench, record: Uint8Array) =>
    b.link.transmit(commandApdu(0x00, 0xdc, 1, 0x04, record));
  const mtRecord = (packet: Uint8Array) =>
    encodeEfSmsRecord({ kind: 'used', status: 0x03, tpdu: deliverOf(packet) });

  it('stores the verified message in clear, so READ RECORD serves plaintext', async () => {
    const b = await started();
    await selectSms(b);
    const stored = await store(b, mtRecord(serverPacket('Received 12.00 from 4085551212', 1)));
    expect(stored.sw).toBe(0x9000);
    const read = await b.link.transmit(commandApdu(0x00, 0xb2, 1, 0x04, new Uint8Array(0), 176));
    const record = decodeEfSmsRecord(read.data);
    if (record.kind !== 'used') throw new Error('free record');
    expect(userDataText(record.tpdu.userData, record.tpdu.dcs)).toBe(
      'Received 12.00 from 4085551212',
    );
    b.adaptor.stop();
  });

  it('refuses to store a replayed message', async () => {
    const b = await started();
    await selectSms(b);
    await store(b, mtRecord(serverPacket('one', 3)));
    const again = await store(b, mtRecord(serverPacket('one', 3)));
    expect(again.sw).toBe(0x6a80);
    b.adaptor.stop();
  });
});
