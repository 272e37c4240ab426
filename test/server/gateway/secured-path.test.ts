// The secured SMS path end to end (DESIGN.md "Encryption and sequence numbers", SOURCE-NOTES X-03,
// adaptor-built TS 102 225 packets in SMS-SUBMITs, the real SQLite ledger, and replies the
// adaptor's own code verifies and deciphers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeOnGatewayBackends } from '../../support/gateway-backends.ts';
import { adaptorConfig } from '../../../firmware-sim/adaptor/config.ts';
import { dataText } from '../../../firmware-sim/adaptor/generator/payment-request.ts';
import { openFromServer } from '../../../firmware-sim/adaptor/secured-channel.ts';
import { concatBytes, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { unwrapResponsePacket } from '../../../protocol/ota/response-packet.ts';
import { packetToUserData } from '../../../protocol/ota/sms-user-data.ts';
import { DCS_SIM_DOWNLOAD, encodeDcs } from '../../../protocol/sms/dcs.ts';
import { decodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { decodeUserData } from '../../../protocol/sms/user-data.ts';
import { phoneAddress } from '../../../protocol/sms/address.ts';
import {
  ADAPTOR_SETTINGS,
  ALICE,
  ALICE_PIN,
  BOB,
  SERVER_NUMBER,
  aliceAndBob,
  type GatewayHarness,
} from './gateway-harness.ts';

let h: GatewayHarness;

const pay = (amount: string, message = '') => ({
  keyword: 'PAY' as const,
  amount,
  target: '4085551212',
  pin: ALICE_PIN,
  ...(message ? { message } : {}),
});

describeOnGatewayBackends('secured path', (backend) => {
  beforeEach(async () => {
    h = await aliceAndBob({ policy: { window: 8, maxAhead: 100, maxViolations: 3 }, backend });
  });
  afterEach(() => h.close());

  /** Sends the adaptor's SMS with `counter` and returns the result and the reply bytes. */
  async function send(packet: Uint8Array, counter: number) {
    const before = h.outbound.sent.length;
    const result = await h.gateway.handleInboundSms(ALICE, h.submitFor(packet, counter));
    const replies = h.outbound.sent.slice(before).filter((s) => s.msisdn === ALICE);
    return { result, replies: replies.map((s) => s.tpdu) };
  }

  /** What the adaptor makes of a secured reply (with the downlink counter it has stored). */
  function adaptorOpens(tpdu: Uint8Array, downlinkCounter = 0) {
    const deliver = decodeSmsDeliver(tpdu);
    expect(deliver.pid).toBe(0x7f);
    expect(encodeDcs(deliver.dcs)).toBe(0xf6);
    expect(deliver.userData.header).toEqual([{ type: 'otaCommand' }]);
    const settings = { ...ADAPTOR_SETTINGS, downlinkCounter };
    const opened = openFromServer(
      deliver.userData.body,
      settings,
      adaptorConfig(settings),
      h.engine,
    );
    if (!opened.accepted) throw new Error(`adaptor refused the reply: ${opened.reason}`);
    const text = dataText(opened.data);
    expect(text).not.toContain(ALICE_PIN);
    return { text, counter: opened.counter };
  }

  /** The status of a refusal (a response packet behind the RPI). */
  function refusalStatus(tpdu: Uint8Array) {
    const deliver = decodeSmsDeliver(tpdu);
    expect(deliver.userData.header).toEqual([{ type: 'otaResponse' }]);
    const spi = {
      checksum: 'cc' as const,
      ciphering: true,
      counter: 'higher' as const,
      por: 'none' as const,
      porChecksum: 'cc' as const,
      porCiphering: false,
      porViaSubmit: false,
    };
    const keys = {
      kic: fromHex(ADAPTOR_SETTINGS.keys.kic),
      kid: fromHex(ADAPTOR_SETTINGS.keys.kid),
    };
    const security = {
      spi,
      kic: { suite: 'aes-cbc', keyVersion: 1 },
      kid: { suite: 'aes-cmac', keyVersion: 1 },
    } as const;
    const por = unwrapResponsePacket(deliver.userData.body, security, keys, h.engine);
    if (!por.verified) throw new Error(`refusal did not verify: ${por.problem}`);
    return { status: por.status, counter: por.counter };
  }

  describe('secured path: accepted once', () => {
    it('pays, and the adaptor deciphers the reply sent as PID 7F / DCS F6 with the CPI', async () => {
      const { result, replies } = await send(h.packetFor(pay('20'), 1), 1);
      expect(result).toEqual({ path: 'secured', outcome: 'executed', sent: 2 });
      expect(replies).toHaveLength(1);
      const opened = adaptorOpens(replies[0]!);
      expect(opened.text).toBe(`Paid USD 20.00 to ${BOB}. Balance 80.00`);
      expect(h.textsTo(BOB)).toEqual([`Received USD 20.00 from ${ALICE}.`]);
      expect(opened.counter).toBe(1);
      expect(await h.available(ALICE)).toBe('80.00');
      expect(await h.available(BOB)).toBe('20.00');
    });

    it('answers an exact retransmission with the identical reply bytes and pays once', async () => {
      const packet = h.packetFor(pay('20'), 1);
      const first = await send(packet, 1);
      h.clock.advance(60_000);
      const again = await send(packet, 1);
      expect(again.result.outcome).toBe('retransmission');
      expect(again.replies.map(toHex)).toEqual(first.replies.map(toHex));
      expect(await h.available(ALICE)).toBe('80.00');
      expect(await h.available(BOB)).toBe('20.00');
    });

    it('accepts SMS reordered within the window once each', async () => {
      const p3 = h.packetFor(pay('3'), 3);
      const p2 = h.packetFor(pay('2'), 2);
      expect((await send(p3, 3)).result.outcome).toBe('executed');
      expect((await send(p2, 2)).result.outcome).toBe('executed');
      expect((await send(p2, 2)).result.outcome).toBe('retransmission');
      expect((await send(p3, 3)).result.outcome).toBe('retransmission');
      expect(await h.available(ALICE)).toBe('95.00');
      expect(await h.available(BOB)).toBe('5.00');
    });

    it('numbers its replies upward so the adaptor accepts each', async () => {
      const one = await send(h.packetFor(pay('1'), 1), 1);
      const two = await send(h.packetFor(pay('1'), 2), 2);
      expect(adaptorOpens(one.replies[0]!, 0).counter).toBe(1);
      expect(adaptorOpens(two.replies[0]!, 1).counter).toBe(2);
    });

    it('fits a long reply (HISTORY) into one SMS the adaptor reads, keeping the balance line', async () => {
      for (let counter = 1; counter <= 5; counter++)
        await send(h.packetFor(pay('1'), counter), counter);
      const history = { keyword: 'HISTORY' as const, pin: ALICE_PIN };
      const { replies } = await send(h.packetFor(history, 6), 6);
      expect(replies).toHaveLength(1);
      const lines = adaptorOpens(replies[0]!, 5).text.split('\n');
      expect(lines.at(-1)).toBe('Balance USD 95.00');
      expect(lines[0]).toBe(`-1.00 payment ${BOB}`);
      expect(lines.length).toBeLessThan(6);
    });

    it('pays again after the adaptor is re-installed and its counters start over', async () => {
      await send(h.packetFor(pay('2'), 1), 1);
      h.clock.advance(1000);
      await h.installAdaptor(ALICE);
      expect((await send(h.packetFor(pay('3'), 1), 1)).result.outcome).toBe('executed');
      expect(await h.available(BOB)).toBe('5.00');
    });

    it('reassembles a packet split over concatenated SMS arriving in any order', async () => {
      const packet = h.packetFor(pay('4', 'x'.repeat(150)), 1);
      const parts = packetToUserData('command', packet, 7);
      expect(parts.length).toBeGreaterThan(1);
      const tpdus = parts.map((part, i) =>
        encodeSmsSubmit({
          type: 'submit',
          rejectDuplicates: false,
          replyPath: false,
          statusReportRequest: false,
          messageReference: i,
          destination: phoneAddress(SERVER_NUMBER),
          pid: 0,
          dcs: DCS_SIM_DOWNLOAD,
          validityPeriod: { format: 'none' },
          userData: decodeUserData(
            concatBytes(Uint8Array.of(part.userData.length), part.userData),
            DCS_SIM_DOWNLOAD,
            true,
          ),
        }),
      );
      const results = [];
      for (const tpdu of [...tpdus].reverse())
        results.push(await h.gateway.handleInboundSms(ALICE, tpdu));
      expect(results.map((r) => r.outcome)).toEqual([
        ...tpdus.slice(1).map(() => 'waiting'),
        'executed',
      ]);
      expect(await h.available(BOB)).toBe('4.00');
    });
  });

  describe('secured path: refusals', () => {
    it('rejects a forged checksum with status 01 and pays nothing', async () => {
      const packet = h.packetFor(pay('20'), 1);
      const forged = packet.slice();
      forged[forged.length - 1]! ^= 0x01;
      const { result, replies } = await send(forged, 1);
      expect(result.outcome).toBe('rejected');
      expect(refusalStatus(replies[0]!).status).toBe('checksum-failed');
      expect(await h.available(ALICE)).toBe('100.00');
    });

    it('rejects a reused counter with different content with status 02', async () => {
      await send(h.packetFor(pay('5'), 4), 4);
      const { result, replies } = await send(h.packetFor(pay('6'), 4), 4);
      expect(result.outcome).toBe('rejected');
      expect(refusalStatus(replies[0]!)).toEqual({ status: 'counter-low', counter: 4 });
      expect(await h.available(BOB)).toBe('5.00');
    });

    it('rejects a counter far ahead with status 03 and one below the window with 02', async () => {
      const ahead = await send(h.packetFor(pay('1'), 500), 500);
      expect(refusalStatus(ahead.replies[0]!).status).toBe('counter-high');
      await send(h.packetFor(pay('1'), 20), 20);
      const old = await send(h.packetFor(pay('1'), 5), 5);
      expect(refusalStatus(old.replies[0]!).status).toBe('counter-low');
      expect(await h.available(BOB)).toBe('1.00');
    });

    it('freezes the device after three violations until an operator clears it', async () => {
      for (let counter = 1; counter <= 3; counter++) {
        const forged = h.packetFor(pay('1'), counter).slice();
        forged[forged.length - 1]! ^= 0xff;
        await send(forged, counter);
      }
      expect((await h.gateway.registry.get(ALICE))?.window.frozen).toBe(true);
      const blocked = await send(h.packetFor(pay('1'), 4), 4);
      expect(blocked.result.outcome).toBe('rejected');
      expect(refusalStatus(blocked.replies[0]!).status).toBe('counter-blocked');
      expect(await h.available(BOB)).toBe('0.00');
      expect(await h.gateway.clearFreeze(ALICE)).toBe(true);
      expect((await send(h.packetFor(pay('1'), 5), 5)).result.outcome).toBe('executed');
      expect(await h.available(BOB)).toBe('1.00');
    });

    it('ignores secured SMS from a number without a registered adaptor', async () => {
      const result = await h.gateway.handleInboundSms(
        BOB,
        h.submitFor(h.packetFor(pay('1'), 1), 1),
      );
      expect(result).toEqual({ path: 'secured', outcome: 'unknown-device', sent: 0 });
    });

    it('keeps the counter window across a restart of the gateway (persisted state)', async () => {
      const packet = h.packetFor(pay('2'), 1);
      const first = await send(packet, 1);
      const restarted = h.restarted();
      await restarted.handleInboundSms(ALICE, h.submitFor(packet, 1));
      expect(toHex(h.outbound.sent.at(-1)!.tpdu)).toBe(toHex(first.replies[0]!));
      expect(await h.available(BOB)).toBe('2.00');
    });
  });
});
