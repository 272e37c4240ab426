// The plain SMS path with the PIN by DTMF call-back through the WebSocket server: the carrier posts a
// PAY without PIN, is asked with ivr.callBack to call the member, the member's DTMF keys (modem/dtmf's
// generator) on that call release the PAY, and the confirmation reaches the carrier as sms.outbound.
import { afterEach, describe, expect, it } from 'vitest';
import { fromHex } from '../../../protocol/bytes/index.ts';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { SimulatedCall } from '../../../modem/voice/simulated-call.ts';
import { decodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { messageText } from '../../../protocol/sms/text-messages.ts';
import { runPinCallback } from '../../../server/ivr/pin-callback.ts';
import { ALICE, ALICE_PIN, BOB, BOB_PIN } from '../gateway/gateway-harness.ts';
import type { Notification } from '../support/rpc-client.ts';
import { GATEWAY, OPERATOR, ServerUnderTest } from './server-harness.ts';

let s: ServerUnderTest | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const RATE = 8000;
const text = (n: Notification) =>
  messageText(decodeSmsDeliver(fromHex(n.params['tpdu'] as string))) ?? '';

describe('PIN call-back behind the WebSocket server', () => {
  it('releases a held plain PAY with the PIN keyed on the call the carrier was asked to place', async () => {
    s = await ServerUnderTest.start();
    const op = await s.connect(OPERATOR);
    await op.ok('member.register', { msisdn: ALICE, pin: ALICE_PIN });
    await op.ok('member.register', { msisdn: BOB, pin: BOB_PIN });
    await op.ok('funds.load', { msisdn: ALICE, amount: '30.00', reference: 'cash-1' });
    await op.ok('sms.allowPlain', { msisdn: ALICE, allowed: true });
    const carrier = await s.connect(GATEWAY);
    const held = await carrier.ok('sms.inbound', {
      from: ALICE,
      tpdu: s.plainSms('PAY 10 4085551212'),
    });
    expect(held).toEqual({ path: 'plain', outcome: 'answered', sent: 1 });
    const ask = await carrier.notification((n) => n.method === 'ivr.callBack');
    expect(ask.params).toEqual({ to: ALICE });

    const call = new SimulatedCall({ sampleRate: RATE, maxFrames: 3000 });
    const served = runPinCallback(call.callee, {
      sampleRate: RATE,
      msisdn: ask.params['to'] as string,
      release: (msisdn, pin) => s!.server.gateway.releasePin(msisdn, pin),
    });
    call.caller.send(
      generateDtmf(`${ALICE_PIN}#`, { sampleRate: RATE, toneMs: 90, gapMs: 60, levelDbm0: -10 }),
    );
    while ((await call.caller.receive()) !== undefined);
    expect(await served).toMatchObject({ kind: 'released', release: { found: 'command' } });

    const paid = await carrier.notification(
      (n) => n.method === 'sms.outbound' && /^Paid/.test(text(n)),
    );
    expect(paid.params['to']).toBe(ALICE);
    expect(text(paid)).toMatch(/^Paid USD 10\.00 to \+14085551212\. Balance 20\.00/);
    expect(await op.ok('account.balance', { msisdn: BOB, pin: BOB_PIN })).toMatchObject({
      available: '10.00',
    });
  });
});
