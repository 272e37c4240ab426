// Untrusted input at the gateway: any TPDU bytes, and any bytes behind a CPI from a registered
// adaptor, give a result (never an exception) and never move money.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { phoneAddress } from '../../../protocol/sms/address.ts';
import { DCS_SIM_DOWNLOAD } from '../../../protocol/sms/dcs.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { ALICE, BOB, SERVER_NUMBER, aliceAndBob, type GatewayHarness } from './gateway-harness.ts';

let h: GatewayHarness;

beforeAll(async () => {
  h = await aliceAndBob();
});
afterAll(() => h.close());

const securedSubmit = (packet: Uint8Array) =>
  encodeSmsSubmit({
    type: 'submit',
    rejectDuplicates: false,
    replyPath: false,
    statusReportRequest: false,
    messageReference: 0,
    destination: phoneAddress(SERVER_NUMBER),
    pid: 0,
    dcs: DCS_SIM_DOWNLOAD,
    validityPeriod: { format: 'none' },
    userData: { header: [{ type: 'otaCommand' }], body: packet },
  });

describe('inbound SMS fuzzing', () => {
  it('answers random TPDU bytes with a result', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 180 }), async (bytes) => {
        const result = await h.gateway.handleInboundSms(ALICE, bytes);
        expect(['invalid', 'plain', 'partial', 'secured']).toContain(result.path);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('refuses random packets from a registered adaptor without paying', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 130 }), async (packet) => {
        const result = await h.gateway.handleInboundSms(ALICE, securedSubmit(packet));
        expect(result.outcome).toBe('rejected');
      }),
      { seed: 11, numRuns: 200 },
    );
    expect(await h.available(BOB)).toBe('0.00');
    expect(await h.available(ALICE)).toBe('100.00');
  });
});
