// The SMS gateway over a real WebSocket: the carrier (gateway role) posts an adaptor's secured SMS
// with sms.inbound and receives the secured reply as an sms.outbound notification; a retransmission
// gets the same reply and pays once; SMS wait for a carrier that is not attached; operator methods
// install and clear devices; device connections cannot post SMS.
import { afterEach, describe, expect, it } from 'vitest';
import { adaptorConfig } from '../../../firmware-sim/adaptor/config.ts';
import { dataText } from '../../../firmware-sim/adaptor/generator/payment-request.ts';
import { openFromServer } from '../../../firmware-sim/adaptor/secured-channel.ts';
import { fromHex } from '../../../protocol/bytes/index.ts';
import { decodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import {
  ADAPTOR_SETTINGS,
  ALICE,
  ALICE_PIN,
  BOB,
  BOB_PIN,
  SERVER_NUMBER,
} from '../gateway/gateway-harness.ts';
import type { Notification, RpcClient } from '../support/rpc-client.ts';
import { DEVICE, GATEWAY, OPERATOR, ServerUnderTest } from './server-harness.ts';

let s: ServerUnderTest | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const pay = { keyword: 'PAY' as const, amount: '20', target: BOB, pin: ALICE_PIN };

/** Members Alice (100.00) and Bob, Alice's adaptor installed, through the operator methods. */
async function setUp(): Promise<{ server: ServerUnderTest; op: RpcClient }> {
  const server = await ServerUnderTest.start();
  s = server;
  const op = await server.connect(OPERATOR);
  await op.ok('member.register', { msisdn: ALICE, pin: ALICE_PIN });
  await op.ok('member.register', { msisdn: BOB, pin: BOB_PIN });
  await op.ok('funds.load', { msisdn: ALICE, amount: '100.00', reference: 'cash-1' });
  const device = await op.ok('device.register', {
    msisdn: ALICE,
    kicKey: ADAPTOR_SETTINGS.keys.kic,
    kidKey: ADAPTOR_SETTINGS.keys.kid,
  });
  expect(device).toMatchObject({ msisdn: ALICE, mode: 'window', kic: 0x12, kid: 0x12 });
  expect(JSON.stringify(device)).not.toContain(ADAPTOR_SETTINGS.keys.kic);
  return { server, op };
}

/** What Alice's adaptor reads in a secured reply. */
function adaptorReads(n: Notification, server: ServerUnderTest): string {
  const deliver = decodeSmsDeliver(fromHex(n.params['tpdu'] as string));
  expect(deliver.pid).toBe(0x7f);
  expect(deliver.originator.value).toBe(SERVER_NUMBER.slice(1));
  const opened = openFromServer(
    deliver.userData.body,
    ADAPTOR_SETTINGS,
    adaptorConfig(ADAPTOR_SETTINGS),
    server.engine,
  );
  if (!opened.accepted) throw new Error(`the adaptor refused the reply: ${opened.reason}`);
  return dataText(opened.data);
}

const toAlice = (n: Notification) => n.method === 'sms.outbound' && n.params['to'] === ALICE;

describe('sms.inbound over WebSocket', () => {
  it('runs a secured SMS once; the reply and its retransmission reach the carrier', async () => {
    const { server, op } = await setUp();
    const carrier = await server.connect(GATEWAY);
    const tpdu = server.securedSms(pay, 1);
    const first = await carrier.ok('sms.inbound', { from: ALICE, tpdu });
    // The reply to Alice and the notice to the payee.
    expect(first).toEqual({ path: 'secured', outcome: 'executed', sent: 2 });
    const reply = await carrier.notification(toAlice);
    expect(adaptorReads(reply, server)).toMatch(
      /^Paid USD 20\.00 to \+14085551212\. Balance 80\.00/,
    );

    const again = await carrier.ok('sms.inbound', { from: ALICE, tpdu });
    expect(again).toEqual({ path: 'secured', outcome: 'retransmission', sent: 1 });
    await carrier.notification((n) => toAlice(n) && n !== reply);
    const replies = carrier.notifications.filter(toAlice);
    expect(replies).toHaveLength(2);
    expect(replies[1]!.params['tpdu']).toBe(reply.params['tpdu']);
    expect(await op.ok('account.balance', { msisdn: BOB, pin: BOB_PIN })).toMatchObject({
      available: '20.00',
    });
  });

  it('refuses device connections', async () => {
    const { server } = await setUp();
    const device = await server.connect(DEVICE);
    const reply = await device.call('sms.inbound', {
      from: ALICE,
      tpdu: server.securedSms(pay, 1),
    });
    expect(reply.error?.code).toBe(-32001);
    for (const method of ['device.register', 'device.clear', 'sms.allowPlain'])
      expect((await device.call(method, {})).error?.code).toBe(-32001);
  });

  it('keeps replies while no carrier is attached and delivers them, in order, on attach', async () => {
    const { server, op } = await setUp();
    await op.ok('sms.inbound', { from: ALICE, tpdu: server.securedSms(pay, 1) });
    await op.ok('sms.inbound', {
      from: ALICE,
      tpdu: server.securedSms({ ...pay, amount: '5' }, 2),
    });
    const carrier = await server.connect(GATEWAY);
    await carrier.notification((n) => carrier.notifications.filter(toAlice).length === 2 && !!n);
    const texts = carrier.notifications.filter(toAlice).map((n) => adaptorReads(n, server));
    expect(texts[0]).toMatch(/Paid USD 20\.00/);
    expect(texts[1]).toMatch(/Paid USD 5\.00/);
  });

  it('refuses an SMS with -32003 when the queue for an absent carrier is full', async () => {
    const server = await ServerUnderTest.start({ sms: { number: SERVER_NUMBER, queueLimit: 0 } });
    s = server;
    const op = await server.connect(OPERATOR);
    await op.ok('member.register', { msisdn: ALICE, pin: ALICE_PIN });
    await op.ok('sms.allowPlain', { msisdn: ALICE, allowed: true });
    const help = server.plainSms('HELP');
    const reply = await op.call('sms.inbound', { from: ALICE, tpdu: help });
    expect(reply.error?.code).toBe(-32003);
  });

  it('clears a frozen device and names an unknown one', async () => {
    const { server, op } = await setUp();
    const carrier = await server.connect(GATEWAY);
    const forged = server.securedSms(pay, 1).slice(0, -2) + '00';
    for (let i = 0; i < 3; i++) await carrier.ok('sms.inbound', { from: ALICE, tpdu: forged });
    expect(await op.ok('device.clear', { msisdn: ALICE })).toEqual({
      msisdn: ALICE,
      frozen: false,
    });
    const unknown = await op.call('device.clear', { msisdn: BOB });
    expect(unknown.error).toMatchObject({ code: -32000, data: { code: 'DEVICE_UNKNOWN' } });
    const badKey = await op.call('device.register', { msisdn: BOB, kicKey: '00', kidKey: '00' });
    expect(badKey.error?.code).toBe(-32602);
  });
});
