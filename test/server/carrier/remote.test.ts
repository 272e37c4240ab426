// Handsets in other processes attached to the simulated carrier over WebSocket: one number or many
// per connection, batch frames, acknowledgements and redelivery, and the protocol's messages.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { formatAddress } from '../../../protocol/sms/address.ts';
import { decodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { decodeSmsStatusReport } from '../../../protocol/sms/sms-status-report.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { messageText, textSubmits } from '../../../protocol/sms/text-messages.ts';
import { createRandom } from '../../../modem/random.ts';
import { toHex } from '../../../protocol/bytes/index.ts';
import { RemoteCarrierLink, RemoteHandset } from '../../../server/carrier/remote-client.ts';
import {
  carrierMessage,
  handsetMessage,
  parseCarrierMessage,
  parseHandsetMessage,
  readFrame,
  RemoteMessageError,
  writeFrame,
} from '../../../server/carrier/remote-protocol.ts';
import { RemoteCarrierServer } from '../../../server/carrier/remote-server.ts';
import { ManualScheduler } from '../../../server/carrier/scheduler.ts';
import { Smsc } from '../../../server/carrier/smsc.ts';
import type { MtSms, SmscOptions } from '../../../server/carrier/smsc-types.ts';

const ALICE = '+15550000001';
const BOB = '+15550000002';
const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function carrier(options: SmscOptions = {}, ackScheduler?: ManualScheduler) {
  const scheduler = new ManualScheduler();
  const smsc = new Smsc(scheduler, createRandom(1), { retryIntervalMs: 1000, ...options });
  const changes: string[] = [];
  const changed: (() => void)[] = [];
  const server = new RemoteCarrierServer({
    smsc,
    scheduler: ackScheduler ?? scheduler,
    ackTimeoutMs: 5000,
    onAttachChange: (msisdn, attached) => {
      changes.push(`${attached ? 'attach' : 'detach'} ${msisdn}`);
      changed.shift()?.();
    },
  });
  const nextChange = () => new Promise<void>((resolve) => changed.push(resolve));
  const port = await server.listen(0);
  open.push(server);
  const url = `ws://127.0.0.1:${port}`;
  const handset = async (msisdn: string, onSms: (sms: MtSms) => void = () => {}) => {
    const h = await RemoteHandset.connect(url, msisdn, onSms);
    open.push(h);
    return h;
  };
  return { scheduler, smsc, server, url, handset, changes, nextChange };
}

function submit(to: string, text: string, mr = 0, srr = false): Uint8Array {
  return encodeSmsSubmit(
    textSubmits(to, text, { messageReference: mr, statusReportRequest: srr })[0]!,
  );
}

/** A raw client that collects the carrier's messages. */
async function rawClient(url: string) {
  const ws = new WebSocket(url);
  const inbox: string[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    inbox.push(String(data));
    waiters.shift()?.();
  });
  await new Promise((resolve) => ws.once('open', resolve));
  open.push({ close: async () => ws.close() });
  return {
    async ask(text: string) {
      const next = new Promise<void>((resolve) => waiters.push(resolve));
      ws.send(text);
      await next;
      return JSON.parse(inbox.shift()!) as unknown;
    },
  };
}

describe('remote handset attachment over WebSocket', () => {
  it('carries an SMS between two remote handsets with a status report back', async () => {
    const c = await carrier();
    const toAlice: MtSms[] = [];
    const toBob: MtSms[] = [];
    const alice = await c.handset(ALICE, (sms) => void toAlice.push(sms));
    await c.handset(BOB, (sms) => void toBob.push(sms));
    expect(
      await alice.carrierPort().submit({ serviceCentre: '', tpdu: submit(BOB, 'hi', 12, true) }),
    ).toBe(12);
    await c.scheduler.runUntilIdle();
    expect(toBob.map((s) => s.kind)).toEqual(['deliver']);
    const deliver = decodeSmsDeliver(toBob[0]!.tpdu);
    expect(formatAddress(deliver.originator)).toBe(ALICE);
    expect(messageText(deliver)).toBe('hi');
    expect(toAlice.map((s) => s.kind)).toEqual(['statusReport']);
    expect(decodeSmsStatusReport(toAlice[0]!.tpdu)).toMatchObject({
      messageReference: 12,
      status: 0,
    });
  });

  it('reaches an in-process short code application', async () => {
    const c = await carrier();
    const got: string[] = [];
    c.smsc.attachApplication('62729', (from) => void got.push(from));
    const alice = await c.handset(ALICE);
    await alice.submit(submit('62729', 'BAL'));
    await c.scheduler.runUntilIdle();
    expect(got).toEqual([ALICE]);
  });

  it('redelivers what a handset did not acknowledge within the ack time', async () => {
    const ackClock = new ManualScheduler();
    const c = await carrier({}, ackClock);
    let firstSeen!: () => void;
    const seen = new Promise<void>((resolve) => (firstSeen = resolve));
    let calls = 0;
    await c.handset(BOB, () => {
      if (++calls > 1) return;
      firstSeen();
      return new Promise<void>(() => {});
    });
    c.smsc.submit(ALICE, submit(BOB, 'slow'));
    const run = c.scheduler.runUntilIdle();
    await seen;
    await ackClock.advance(5000);
    await run;
    expect(calls).toBe(2);
    expect(c.smsc.count('failed')).toBe(1);
    expect(c.smsc.count('delivered')).toBe(1);
  });

  it('redelivers what a handset refused (nack)', async () => {
    const c = await carrier();
    let refusals = 1;
    const toBob: string[] = [];
    await c.handset(BOB, (sms) => {
      if (refusals-- > 0) throw new Error('memory full');
      toBob.push(messageText(decodeSmsDeliver(sms.tpdu)) ?? '');
    });
    c.smsc.submit(ALICE, submit(BOB, 'again'));
    await c.scheduler.runUntilIdle();
    expect(toBob).toEqual(['again']);
    expect(c.smsc.count('failed')).toBe(1);
  });

  it('stores messages while a handset is detached and delivers them when it attaches again', async () => {
    const c = await carrier();
    const bob = await c.handset(BOB);
    const detached = c.nextChange();
    await bob.close();
    await detached;
    expect(c.smsc.isAttached(BOB)).toBe(false);
    c.smsc.submit(ALICE, submit(BOB, 'while away'));
    await c.scheduler.runUntilIdle();
    expect(c.smsc.count('parked')).toBe(1);
    const toBob: string[] = [];
    await c.handset(BOB, (sms) => void toBob.push(messageText(decodeSmsDeliver(sms.tpdu)) ?? ''));
    await c.scheduler.runUntilIdle();
    expect(toBob).toEqual(['while away']);
    expect(c.changes).toEqual([`attach ${BOB}`, `detach ${BOB}`, `attach ${BOB}`]);
  });

  it('passes the carrier refusal (queue full) to the submitting handset', async () => {
    const c = await carrier({ maxQueued: 1 });
    const alice = await c.handset(ALICE);
    await alice.submit(submit(BOB, 'one'));
    await expect(alice.submit(submit(BOB, 'two'))).rejects.toMatchObject({
      code: 'SMSC_QUEUE_FULL',
      message: 'SMS centre queue is full (1 messages); try again later',
    });
  });

  it('answers protocol errors with one error message and keeps the connection', async () => {
    const c = await carrier();
    const raw = await rawClient(c.url);
    expect(await raw.ask('not json')).toEqual({
      type: 'error',
      code: 'WS_MSG_INVALID',
      message: 'message is not JSON',
    });
    expect(await raw.ask('{"type":"submit","ref":1,"tpdu":"0100"}')).toEqual({
      type: 'error',
      ref: 1,
      code: 'SMSC_NOT_ATTACHED',
      message: 'attach with an MSISDN before submitting',
    });
    expect(await raw.ask('{"type":"attach","msisdn":"+15550000003"}')).toEqual({
      type: 'attached',
      msisdn: '+15550000003',
    });
    expect(await raw.ask('{"type":"submit","ref":2,"tpdu":"0100"}')).toMatchObject({
      type: 'error',
      ref: 2,
      code: 'SMSC_BAD_TPDU',
    });
  });
});

describe('many handsets over one connection', () => {
  it('routes each delivery to its own handset and each submit from its own number', async () => {
    const c = await carrier();
    const link = await RemoteCarrierLink.connect(c.url);
    open.push(link);
    const got: string[] = [];
    const inbox = (who: string) => (sms: MtSms) =>
      void got.push(`${who}: ${messageText(decodeSmsDeliver(sms.tpdu)) ?? ''}`);
    const [alice, bob] = await Promise.all([
      link.attach(ALICE, inbox('alice')),
      link.attach(BOB, inbox('bob')),
    ]);
    const references = await Promise.all([
      alice.submit(submit(BOB, 'to bob', 3)),
      bob.carrierPort().submit({ serviceCentre: '', tpdu: submit(ALICE, 'to alice', 4) }),
    ]);
    expect(references).toEqual([3, 4]);
    await c.scheduler.runUntilIdle();
    expect(got.sort()).toEqual([`alice: to alice`, `bob: to bob`]);
    expect(c.changes).toEqual([`attach ${ALICE}`, `attach ${BOB}`]);
  });

  it('detaches one number and keeps the others', async () => {
    const c = await carrier();
    const link = await RemoteCarrierLink.connect(c.url);
    open.push(link);
    const alice = await link.attach(ALICE, () => {});
    await link.attach(BOB, () => {});
    const detached = c.nextChange();
    alice.detach();
    await detached;
    expect(c.smsc.isAttached(ALICE)).toBe(false);
    expect(c.smsc.isAttached(BOB)).toBe(true);
    await expect(alice.submit(submit(BOB, 'gone'))).rejects.toMatchObject({
      code: 'SMSC_NOT_ATTACHED',
    });
  });

  it('fails what waits on a connection the carrier closed, and refuses what comes after', async () => {
    const c = await carrier();
    const link = await RemoteCarrierLink.connect(c.url);
    const alice = await link.attach(ALICE, () => {});
    const detached = c.nextChange();
    await c.server.close();
    await detached;
    await expect(alice.submit(submit(BOB, 'late'))).rejects.toMatchObject({ code: 'WS_CLOSED' });
    await expect(link.attach(BOB, () => {})).rejects.toMatchObject({ code: 'WS_CLOSED' });
    expect(c.smsc.isAttached(ALICE)).toBe(false);
  });

  it('refuses a number attached elsewhere, and the same number twice', async () => {
    const c = await carrier();
    await c.handset(ALICE);
    const link = await RemoteCarrierLink.connect(c.url);
    open.push(link);
    await expect(link.attach(ALICE, () => {})).rejects.toMatchObject({
      code: 'SMSC_ALREADY_ATTACHED',
      message: `${ALICE} is already attached to the SMS centre`,
    });
    await link.attach(BOB, () => {});
    await expect(link.attach(BOB, () => {})).rejects.toMatchObject({
      code: 'SMSC_ALREADY_ATTACHED',
    });
  });

  it('answers a batch frame with one batch, refusing only the messages at fault', async () => {
    const c = await carrier();
    const raw = await rawClient(c.url);
    const batch = [
      { type: 'attach', msisdn: ALICE },
      { type: 'attach', msisdn: BOB },
      { type: 'submit', ref: 7, tpdu: '0100' },
      { type: 'hello' },
      { type: 'submit', ref: 8, msisdn: ALICE, tpdu: toHex(submit(BOB, 'hi', 9)) },
    ];
    expect(await raw.ask(JSON.stringify(batch))).toEqual([
      { type: 'attached', msisdn: ALICE },
      { type: 'attached', msisdn: BOB },
      {
        type: 'error',
        ref: 7,
        code: 'SMSC_NOT_ATTACHED',
        message: 'name the msisdn: several numbers are attached',
      },
      { type: 'error', code: 'WS_MSG_INVALID', message: 'unknown message type "hello"' },
      { type: 'submitted', ref: 8, messageReference: 9 },
    ]);
    expect(await raw.ask('[]')).toEqual({
      type: 'error',
      code: 'WS_MSG_INVALID',
      message: 'a batch holds 1 to 256 messages',
    });
  });
});

describe('remote attachment messages', () => {
  it('reads frames of one message or a batch of 1 to 256', () => {
    expect(readFrame('{"type":"detach"}')).toEqual([{ type: 'detach' }]);
    expect(readFrame('[{"type":"detach"},1]')).toEqual([{ type: 'detach' }, 1]);
    expect(() => readFrame('[]')).toThrow('a batch holds 1 to 256 messages');
    expect(() => readFrame(JSON.stringify(new Array(257).fill({})))).toThrow(RemoteMessageError);
    expect(readFrame(JSON.stringify(new Array(256).fill({})))).toHaveLength(256);
    expect(() => handsetMessage(3)).toThrow('message is not a JSON object');
    expect(writeFrame([{ type: 'detach' }])).toBe('{"type":"detach"}');
    expect(writeFrame([{ type: 'detach' }, { type: 'ack', id: 1 }])).toBe(
      '[{"type":"detach"},{"type":"ack","id":1}]',
    );
  });

  it.each([
    ['[]', 'message is not a JSON object'],
    ['{"type":"hello"}', 'unknown message type "hello"'],
    ['{"type":"attach","msisdn":"bob"}', 'attach: msisdn must be a telephone number'],
    ['{"type":"submit","ref":-1,"tpdu":"00"}', 'submit: ref must be an integer 0-4294967295'],
    ['{"type":"submit","ref":1,"tpdu":"0"}', 'submit: tpdu must be hex of 1-200 octets'],
    ['{"type":"ack","id":1.5}', 'ack: id must be an integer 0-4294967295'],
  ])('refuses %s', (text, message) => {
    expect(() => parseHandsetMessage(text)).toThrow(message);
  });

  it('throws only RemoteMessageError on arbitrary text (fuzzed, seeded)', () => {
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record(
          { type: fc.constantFrom('attach', 'submit', 'ack', 'deliver', 'error') },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
    );
    const frames = fc.oneof(
      text,
      fc.array(fc.json(), { maxLength: 300 }).map((a) => `[${a}]`),
    );
    const parsers = [
      parseHandsetMessage,
      parseCarrierMessage,
      (t: string) => readFrame(t).map(handsetMessage),
      (t: string) => readFrame(t).map(carrierMessage),
    ];
    fc.assert(
      fc.property(frames, (t) => {
        for (const parse of parsers) {
          try {
            parse(t);
          } catch (error) {
            expect(error).toBeInstanceOf(RemoteMessageError);
          }
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('reads each message type', () => {
    expect(parseHandsetMessage('{"type":"nack","id":3}')).toEqual({ type: 'nack', id: 3 });
    expect(parseHandsetMessage('{"type":"detach"}')).toEqual({ type: 'detach' });
    expect(
      parseCarrierMessage(
        '{"type":"report","id":4,"msisdn":"+15550000001","serviceCentre":"+1","tpdu":"06"}',
      ),
    ).toEqual({ type: 'report', id: 4, msisdn: ALICE, serviceCentre: '+1', tpdu: '06' });
    expect(parseHandsetMessage('{"type":"detach","msisdn":"+15550000001"}')).toEqual({
      type: 'detach',
      msisdn: ALICE,
    });
    expect(
      parseCarrierMessage('{"type":"error","msisdn":"+1555","code":"X","message":"m"}'),
    ).toEqual({ type: 'error', msisdn: '+1555', code: 'X', message: 'm' });
    expect(parseCarrierMessage('{"type":"submitted","ref":1,"messageReference":7}')).toEqual({
      type: 'submitted',
      ref: 1,
      messageReference: 7,
    });
  });
});
