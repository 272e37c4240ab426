// The plain SMS path (DESIGN.md; SOURCE-NOTES PIN-01, PIN-05, PIN-06, CH-06, X-06, VR-02, VR-13):
// members allowed by their record, PIN in the same SMS, a second SMS or a DTMF call-back, replies
// that never carry a PIN, invitations to non-members and the held money claimed on joining.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeOnGatewayBackends } from '../../support/gateway-backends.ts';
import { decodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { messageText, textSubmits } from '../../../protocol/sms/text-messages.ts';
import { DEFAULT_REPEAT_TTL_MS } from '../../../server/gateway/recent-messages.ts';
import {
  ALICE,
  ALICE_PIN,
  BOB,
  BOB_PIN,
  CAROL,
  SERVER_NUMBER,
  gatewayHarness,
  type GatewayHarness,
} from './gateway-harness.ts';

let h: GatewayHarness;
const WINDOW_MS = 120_000;
const CAROL_PIN = '5317';

describeOnGatewayBackends('plain path', (backend) => {
  beforeEach(async () => {
    h = await gatewayHarness({ pinWindowMs: WINDOW_MS, backend });
    await h.member(ALICE, ALICE_PIN, '100');
    await h.member(BOB, BOB_PIN, '10');
    await h.gateway.registry.setPlainSmsAllowed(ALICE, true);
    await h.gateway.registry.setPlainSmsAllowed(BOB, true);
  });
  afterEach(() => {
    // Every SMS the gateway sent, to anyone, is free of every PIN used in the test.
    for (const sms of h.outbound.sent) {
      const text = messageText(decodeSmsDeliver(sms.tpdu)) ?? '';
      for (const pin of [ALICE_PIN, BOB_PIN, CAROL_PIN]) expect(text).not.toContain(pin);
    }
    return h.close();
  });

  async function sms(from: string, text: string) {
    let last;
    for (const tpdu of h.textFrom(text)) last = await h.gateway.handleInboundSms(from, tpdu);
    return last;
  }
  const lastTo = (msisdn: string) => h.textsTo(msisdn).at(-1) ?? '';

  describe('plain path: PIN in the same SMS', () => {
    it('pays and advises deleting the sent SMS (PIN-06)', async () => {
      await sms(ALICE, `pay $20 4085551212 lunch PIN ${ALICE_PIN}`);
      expect(lastTo(ALICE)).toBe(
        `Paid USD 20.00 to ${BOB}. Balance 80.00 Please delete your sent SMS: it held your PIN.`,
      );
      expect(await h.available(BOB)).toBe('30.00');
    });

    it('refuses a wrong PIN without paying', async () => {
      await sms(ALICE, 'PAY 20 4085551212 PIN 1111');
      expect(lastTo(ALICE)).toMatch(/^Wrong PIN\./);
      expect(await h.available(BOB)).toBe('10.00');
    });

    it('answers BALANCE, HISTORY and HELP', async () => {
      await sms(ALICE, `B PIN ${ALICE_PIN}`);
      expect(lastTo(ALICE)).toMatch(/^Balance USD 100\.00\./);
      await sms(ALICE, `PAY 5 5551212 PIN ${ALICE_PIN}`);
      await sms(ALICE, `HISTORY PIN ${ALICE_PIN}`);
      expect(lastTo(ALICE)).toMatch(/^-5\.00 payment \+14085551212\n\+100\.00 load/);
      await sms(ALICE, 'help');
      expect(lastTo(ALICE)).toMatch(/^PAY amount number/);
    });

    it('explains what it did not understand', async () => {
      await sms(ALICE, 'PAY lots 4085551212');
      expect(lastTo(ALICE)).toBe(
        'Not understood: the amount must be a number such as 20 or $20.50.',
      );
    });
  });

  describe('plain path: the same SMS delivered twice (X-03)', () => {
    it('pays once for a network retransmission and twice for two genuine messages', async () => {
      const [tpdu] = h.textFrom(`PAY 2 4085551212 PIN ${ALICE_PIN}`);
      await h.gateway.handleInboundSms(ALICE, tpdu!);
      h.clock.advance(30_000);
      await h.gateway.handleInboundSms(ALICE, tpdu!);
      expect(await h.available(BOB)).toBe('12.00');
      const again = textSubmits(SERVER_NUMBER, `PAY 2 4085551212 PIN ${ALICE_PIN}`, {
        messageReference: 1,
      }).map(encodeSmsSubmit);
      await h.gateway.handleInboundSms(ALICE, again[0]!);
      expect(await h.available(BOB)).toBe('14.00');
    });

    it('pays once for a retransmission arriving after a restart of the gateway', async () => {
      const [tpdu] = h.textFrom(`PAY 3 4085551212 PIN ${ALICE_PIN}`);
      await h.gateway.handleInboundSms(ALICE, tpdu!);
      h.clock.advance(600_000);
      const restarted = h.restarted();
      await restarted.handleInboundSms(ALICE, tpdu!);
      expect(await h.available(BOB)).toBe('13.00');
      h.clock.advance(DEFAULT_REPEAT_TTL_MS);
      await restarted.handleInboundSms(ALICE, tpdu!);
      expect(await h.available(BOB)).toBe('16.00');
    });

    it('pays once when a command and its PIN are both delivered twice', async () => {
      const [command] = h.textFrom('PAY 3 4085551212');
      const [pin] = h.textFrom(`PIN ${ALICE_PIN}`);
      for (const tpdu of [command, pin, command, pin])
        await h.gateway.handleInboundSms(ALICE, tpdu!);
      expect(await h.available(BOB)).toBe('13.00');
    });
  });

  describe('plain path: who may use it', () => {
    it('refuses members whose record does not allow plain SMS', async () => {
      await h.gateway.registry.setPlainSmsAllowed(ALICE, false);
      await sms(ALICE, `PAY 20 4085551212 PIN ${ALICE_PIN}`);
      expect(lastTo(ALICE)).toBe('Plain SMS payments are not enabled for your number.');
      expect(await h.available(BOB)).toBe('10.00');
    });

    it('tells non-members how to join', async () => {
      await sms(CAROL, 'BAL');
      expect(lastTo(CAROL)).toMatch(/not registered.*JOIN/);
    });
  });

  describe('plain path: PIN in a second SMS or by call-back', () => {
    it('holds the command, asks the IVR to call, and runs it when the PIN SMS comes in time', async () => {
      await sms(ALICE, 'PAY 20 4085551212');
      expect(lastTo(ALICE)).toMatch(/within 2 min/);
      expect(h.calls).toEqual([ALICE]);
      expect(await h.available(BOB)).toBe('10.00');
      h.clock.advance(WINDOW_MS - 1);
      await sms(ALICE, `PIN ${ALICE_PIN}`);
      expect(lastTo(ALICE)).toMatch(/^Paid USD 20\.00/);
      expect(await h.available(BOB)).toBe('30.00');
    });

    it('refuses a PIN that arrives after the window, and one with no command (X-06)', async () => {
      await sms(ALICE, 'PAY 20 4085551212');
      h.clock.advance(WINDOW_MS + 1);
      await sms(ALICE, ALICE_PIN);
      expect(lastTo(ALICE)).toMatch(/^Your PIN came too late/);
      await sms(ALICE, ALICE_PIN);
      expect(lastTo(ALICE)).toMatch(/^No command is waiting/);
      expect(await h.available(BOB)).toBe('10.00');
    });

    it('releases a held command with the PIN reaching a restarted gateway, once', async () => {
      await sms(ALICE, 'PAY 20 4085551212');
      const ticket = /ref ([0-9]+)/.exec(lastTo(ALICE))?.[1];
      const restarted = h.restarted();
      const wrongTicket = await restarted.releasePin(ALICE, ALICE_PIN, Number(ticket) + 1);
      expect(wrongTicket.found).toBe('none');
      const released = await restarted.releasePin(ALICE, ALICE_PIN, Number(ticket));
      expect(released.reply).toMatch(/^Paid USD 20\.00/);
      expect((await h.gateway.releasePin(ALICE, ALICE_PIN)).found).toBe('none');
      expect(await h.available(BOB)).toBe('30.00');
    });

    it('takes the PIN keyed on the IVR call-back', async () => {
      await sms(ALICE, 'BALANCE');
      const spoken = await h.gateway.pinFromCall(ALICE, ALICE_PIN);
      expect(spoken).toBe('Balance USD 100.00.');
      expect(lastTo(ALICE)).toBe('Balance USD 100.00.');
    });
  });

  describe('plain path: requests, answers, invitations', () => {
    it('sends a request the payer accepts by its short number', async () => {
      await sms(BOB, `REQUEST 15 4088675309 pizza PIN ${BOB_PIN}`);
      expect(lastTo(BOB)).toMatch(/^Asked \+14088675309 for USD 15\.00\./);
      expect(lastTo(ALICE)).toBe(
        `${BOB} asks you for USD 15.00 (pizza). Reply ACCEPT 1 or DECLINE 1 with PIN nnnn.`,
      );
      await sms(ALICE, `ACCEPT 1 PIN ${ALICE_PIN}`);
      expect(lastTo(ALICE)).toMatch(/^Paid \+14085551212 USD 15\.00/);
      expect(await h.available(BOB)).toBe('25.00');
    });

    it('declines the newest request when no number is given', async () => {
      await sms(BOB, `GET 15 4088675309 PIN ${BOB_PIN}`);
      await sms(ALICE, `DECLINE PIN ${ALICE_PIN}`);
      expect(lastTo(ALICE)).toMatch(/^Declined\./);
      expect(await h.available(ALICE)).toBe('100.00');
    });

    it('invites a non-member paid by SMS, who joins and finds the money (VR-02, VR-13)', async () => {
      await sms(ALICE, `PAY 12 5550123 PIN ${ALICE_PIN}`);
      expect(lastTo(ALICE)).toMatch(/held 30 days until they join/);
      expect(lastTo(CAROL)).toMatch(/^\+14088675309 sent you USD 12\.00 with simpay/);
      await sms(CAROL, `JOIN PIN ${CAROL_PIN}`);
      expect(lastTo(CAROL)).toMatch(
        /^Welcome to simpay\. 1 payment\(s\) claimed\. Balance USD 12\.00/,
      );
      expect(await h.available(CAROL)).toBe('12.00');
      await sms(CAROL, `BAL PIN ${CAROL_PIN}`);
      expect(lastTo(CAROL)).toMatch(/^Balance USD 12\.00/);
    });

    it('sends a referral with INVITE, needing no PIN', async () => {
      await sms(ALICE, 'INVITE 5550123');
      expect(lastTo(ALICE)).toBe(`Invitation sent to ${CAROL}.`);
      expect(lastTo(CAROL)).toMatch(/invites you to simpay/);
    });

    it('reads a long plain SMS sent in concatenated parts', async () => {
      const result = await sms(ALICE, `PAY 1 4085551212 ${'note '.repeat(40)}PIN ${ALICE_PIN}`);
      expect(h.textFrom('x'.repeat(200)).length).toBeGreaterThan(1);
      expect(result?.outcome).toBe('answered');
      expect(await h.available(BOB)).toBe('11.00');
    });
  });
});
