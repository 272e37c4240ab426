// ivr.processRequest over a real WebSocket: the IVR front end (gateway role) posts the caller and a
// Request as JSON by names; the payment is made and the balance read back; refusals are
// errorResponse results; malformed requests and device connections get JSON-RPC errors.
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, ALICE_PIN, BOB, BOB_PIN } from '../gateway/gateway-harness.ts';
import { DEVICE, GATEWAY, OPERATOR, ServerUnderTest } from './server-harness.ts';

let s: ServerUnderTest | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const pay = (pin: string) => ({
  command: 'payRequest',
  params: {
    sourceAccountNumber: ALICE.slice(1),
    targetAccountNumber: BOB.slice(1),
    amount: 1575,
    pin,
  },
});

describe('ivr.processRequest over WebSocket', () => {
  it('pays and answers the balance; a wrong PIN is an errorResponse', async () => {
    s = await ServerUnderTest.start();
    const op = await s.connect(OPERATOR);
    await op.ok('member.register', { msisdn: ALICE, pin: ALICE_PIN });
    await op.ok('member.register', { msisdn: BOB, pin: BOB_PIN });
    await op.ok('funds.load', { msisdn: ALICE, amount: '50.00', reference: 'cash-1' });
    const ivr = await s.connect(GATEWAY);
    expect(await ivr.ok('ivr.processRequest', { caller: ALICE, request: pay(ALICE_PIN) })).toEqual({
      responseId: 11,
      response: 'payResponse',
      params: { status: '0', transactionNumber: '1' },
    });
    const balance = {
      command: 'balance',
      params: { accountNumber: ALICE.slice(1), pin: ALICE_PIN },
    };
    expect(await ivr.ok('ivr.processRequest', { caller: ALICE, request: balance })).toEqual({
      responseId: 21,
      response: 'balanceResponse',
      params: { status: '0', balance: 3425 },
    });
    const wrong = await ivr.ok('ivr.processRequest', { caller: ALICE, request: pay('0000') });
    expect(wrong).toEqual({
      responseId: 90,
      response: 'errorResponse',
      params: { errorCode: '401', message: 'PIN WRONG' },
    });
    expect(await op.ok('account.balance', { msisdn: BOB, pin: BOB_PIN })).toMatchObject({
      available: '15.75',
    });
  });

  it('refuses malformed requests as invalid parameters and device connections', async () => {
    s = await ServerUnderTest.start();
    const ivr = await s.connect(GATEWAY);
    for (const request of [{ command: 'nothing' }, { commandId: 10, params: { amount: 'ten' } }]) {
      const reply = await ivr.call('ivr.processRequest', { caller: ALICE, request });
      expect(reply.error?.code).toBe(-32602);
    }
    const notObject = await ivr.call('ivr.processRequest', { caller: ALICE, request: '10*#' });
    expect(notObject.error?.code).toBe(-32602);
    const device = await s.connect(DEVICE);
    const refused = await device.call('ivr.processRequest', { caller: ALICE, request: pay('1') });
    expect(refused.error?.code).toBe(-32001);
  });
});
