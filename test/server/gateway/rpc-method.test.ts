// The `sms.inbound` method spec: hex TPDUs from the carrier into the gateway, bad hex refused as
// invalid parameters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import { smsInboundMethod } from '../../../server/gateway/rpc-method.ts';
import { RpcError } from '../../../server/rpc/jsonrpc.ts';
import { checkParams } from '../../../server/rpc/schema.ts';
import { ALICE, ALICE_PIN, gatewayHarness, type GatewayHarness } from './gateway-harness.ts';

let h: GatewayHarness;
const conn = { subscribe: () => undefined };

beforeEach(async () => {
  h = await gatewayHarness();
  await h.member(ALICE, ALICE_PIN, '5');
  await h.gateway.registry.setPlainSmsAllowed(ALICE, true);
});
afterEach(() => h.close());

describe('sms.inbound', () => {
  it('runs a plain SMS given as hex and answers the sender', async () => {
    const spec = smsInboundMethod(h.gateway);
    const params = checkParams({ from: ALICE, tpdu: toHex(h.textFrom('HELP')[0]!) }, spec.params);
    const result = await spec.run(h.service, params, conn);
    expect(result).toEqual({ path: 'plain', outcome: 'answered', sent: 1 });
    expect(h.textsTo(ALICE)).toHaveLength(1);
    expect(spec.roles).toEqual(['gateway', 'operator']);
  });

  it('refuses a TPDU that is not hex, or longer than one SMS', async () => {
    const spec = smsInboundMethod(h.gateway);
    for (const tpdu of ['zz', '0'.repeat(400)]) {
      await expect(spec.run(h.service, { from: ALICE, tpdu }, conn)).rejects.toBeInstanceOf(
        RpcError,
      );
    }
  });
});
