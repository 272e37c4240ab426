// The SMS a member gets after a payment by call (docs/voice-protocol.md "Calls from the SIM
// adaptor"): the payer for every payRequest, the payee when paid; other commands send none, and
// an SMS that cannot be sent never fails the call.
import { describe, expect, it } from 'vitest';
import type { Request, Response } from '../../../modem/voice/request.ts';
import { receiptTexts, withSmsReceipts } from '../../../server/ivr/voice-receipts.ts';
import { loadFixtureTable } from '../../modem/voice/table-fixture.ts';

const table = loadFixtureTable();
const PAY: Request = {
  commandId: 10,
  params: { 1: '4085550001', 2: '4085550002', 3: 1250, 4: '11' },
};
const CALLER = '+14085550001';

function options(sent: string[][], fail = false) {
  return {
    table,
    currency: 'USD',
    exponent: 2,
    defaultCountry: '1',
    sendText: async (msisdn: string, text: string) => {
      if (fail) throw new Error('no route');
      sent.push([msisdn, text]);
    },
  };
}

describe('voice receipts', () => {
  it.each([
    [
      { responseId: 11, params: { 1: '0', 2: '42' } },
      [
        [CALLER, 'Paid USD 12.50 to +14085550002 by call. Ref 42.'],
        ['+14085550002', 'Received USD 12.50 from +14085550001.'],
      ],
    ],
    [
      { responseId: 11, params: { 1: '1', 2: '43' } },
      [[CALLER, 'Call payment of USD 12.50 waits for +14085550002 to accept. Ref 43.']],
    ],
    [
      { responseId: 11, params: { 1: '2', 2: '44' } },
      [[CALLER, 'Call payment of USD 12.50 is held for +14085550002. Ref 44.']],
    ],
    [
      { responseId: 90, params: { 1: '402', 2: 'INSUFFICIENT FUNDS' } },
      [[CALLER, 'Call payment of USD 12.50 to +14085550002 refused: INSUFFICIENT FUNDS.']],
    ],
  ] as [Response, string[][]][])('tells %j by SMS', async (response, texts) => {
    const sent: string[][] = [];
    const runner = withSmsReceipts({ processRequest: async () => response }, options(sent));
    expect(await runner.processRequest(PAY, CALLER)).toBe(response);
    expect(sent).toEqual(texts);
    expect(receiptTexts(PAY, response, CALLER, options([])).map((r) => [r.msisdn, r.text])).toEqual(
      texts,
    );
  });

  it('sends nothing for a balance request', async () => {
    const sent: string[][] = [];
    const response: Response = { responseId: 21, params: { 1: '0', 2: 500 } };
    const runner = withSmsReceipts({ processRequest: async () => response }, options(sent));
    await runner.processRequest({ commandId: 20, params: { 1: '4085550001' } }, CALLER);
    expect(sent).toEqual([]);
  });

  it('answers the call even when the SMS cannot be sent', async () => {
    const errors: unknown[] = [];
    const response: Response = { responseId: 11, params: { 1: '0', 2: '42' } };
    const runner = withSmsReceipts(
      { processRequest: async () => response },
      { ...options([], true), onError: (e) => errors.push(e) },
    );
    expect(await runner.processRequest(PAY, CALLER)).toBe(response);
    expect(errors).toHaveLength(2);
  });
});
