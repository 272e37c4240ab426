// processRequest of the voice channel on the real service and gateway: every command of
// fixtures/voice/commands.json, and each refusal as the table's errorResponse.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { responseToJson } from '../../../modem/voice/request-json.ts';
import type { Request } from '../../../modem/voice/request.ts';
import { shippedVoiceTable } from '../../../server/index.ts';
import { VoicePayments } from '../../../server/ivr/payment-requests.ts';
import {
  ALICE,
  ALICE_PIN,
  BOB,
  CAROL,
  aliceAndBob,
  type GatewayHarness,
} from '../gateway/gateway-harness.ts';

const table = shippedVoiceTable();
let h: GatewayHarness;
let voice: VoicePayments;

beforeEach(async () => {
  h = await aliceAndBob({ adaptor: false });
  voice = new VoicePayments({
    service: h.service,
    table,
    transactions: h.world.transactions,
    releasePin: (msisdn, pin, ticket) => h.gateway.releasePin(msisdn, pin, ticket),
  });
});
afterEach(() => h.close());

const digits = (msisdn: string) => msisdn.slice(1);
const payRequest = (amount: number, extra: Record<number, string> = {}): Request => ({
  commandId: 10,
  params: { 1: digits(ALICE), 2: digits(BOB), 3: amount, 4: ALICE_PIN, ...extra },
});
const answer = async (request: Request, caller = ALICE) =>
  responseToJson(table, await voice.processRequest(request, caller));

describe('processRequest (docs/voice-protocol.md command table)', () => {
  it('pays with payRequest and answers payResponse with status 0 and a transaction number', async () => {
    const paid = await answer(payRequest(2550));
    expect(paid).toEqual({
      responseId: 11,
      response: 'payResponse',
      params: { status: '0', transactionNumber: '1' },
    });
    expect(await h.available(BOB)).toBe('25.50');
    expect(await answer({ commandId: 20, params: { 1: digits(ALICE), 2: ALICE_PIN } })).toEqual({
      responseId: 21,
      response: 'balanceResponse',
      params: { status: '0', balance: 7450 },
    });
  });

  it('pays a reference once: the same request again answers the same transaction number', async () => {
    const first = await answer(payRequest(1000, { 5: 'INV 7/A' }));
    const again = await answer(payRequest(1000, { 5: 'INV 7/A' }));
    expect(again).toEqual(first);
    expect(await h.available(ALICE)).toBe('90.00');
    const other = await answer(payRequest(1000));
    expect(other.params['transactionNumber']).toBe('2');
  });

  it('holds a payment to a non-member (status 2)', async () => {
    const held = await answer({
      ...payRequest(500),
      params: { ...payRequest(500).params, 2: digits(CAROL) },
    });
    expect(held.params['status']).toBe('2');
  });

  it.each([
    ['a wrong PIN', payRequest(100, { 4: '1111' }), ALICE, '401', 'PIN WRONG'],
    [
      'no PIN',
      { commandId: 10, params: { 1: digits(ALICE), 2: digits(BOB), 3: 100 } },
      ALICE,
      '401',
      'PIN REQUIRED',
    ],
    ['too little money', payRequest(15_000), ALICE, '402', 'INSUFFICIENT FUNDS'],
    ['another account', payRequest(100), BOB, '403', 'NOT YOUR ACCOUNT'],
    ['a zero amount', payRequest(0), ALICE, '400', 'INVALID AMOUNT'],
    ['an unknown parameter', { commandId: 10, params: { 9: 'X' } }, ALICE, '400', 'BAD REQUEST'],
    ['an unknown command', { commandId: 77, params: {} }, ALICE, '400', 'BAD REQUEST'],
    ['a caller that is no number', payRequest(100), 'anonymous', '400', 'INVALID MSISDN'],
  ] as const)('answers %s with errorResponse %s', async (_what, request, caller, code, message) => {
    expect(await answer(request as Request, caller)).toEqual({
      responseId: 90,
      response: 'errorResponse',
      params: { errorCode: code, message },
    });
    expect(await h.available(BOB)).toBe('0.00');
  });

  it('releases a plain SMS command held for its PIN with pinEntry and its ticket', async () => {
    await h.gateway.registry.setPlainSmsAllowed(ALICE, true);
    await h.gateway.handleInboundSms(ALICE, h.textFrom(`PAY 12 ${digits(BOB)}`)[0]!);
    const ticket = /ref (\d+)/.exec(h.textsTo(ALICE).at(-1) ?? '')?.[1];
    expect(ticket).toBeDefined();
    const entry = (t: string, pin = ALICE_PIN): Request => ({
      commandId: 30,
      params: { 1: digits(ALICE), 2: t, 3: pin },
    });
    expect((await answer(entry('999999'))).params).toEqual({
      errorCode: '404',
      message: 'NO COMMAND WAITING',
    });
    expect(await answer(entry(ticket!))).toEqual({
      responseId: 31,
      response: 'pinResponse',
      params: { status: '0', transactionNumber: ticket },
    });
    expect(await h.available(BOB)).toBe('12.00');
    expect((await answer(entry(ticket!))).params['errorCode']).toBe('404');
  });
});
