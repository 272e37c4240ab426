// Two `simpay server` processes on one PostgreSQL database, each with a gateway connection: the
// same secured SMS posted to both with `sms.inbound` at the same moment pays once, and each
// process sends the adaptor the same reply bytes as `sms.outbound` (DESIGN.md "Encryption and
// sequence numbers": a retransmission is answered with the original reply, never executed twice).
import { describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine } from '../../bridge/crypto/node-block-cipher.ts';
import { requestData } from '../../firmware-sim/adaptor/generator/payment-request.ts';
import { securedSubmit } from '../../firmware-sim/adaptor/generator/server-sms.ts';
import { sealForServer } from '../../firmware-sim/adaptor/secured-channel.ts';
import { toHex } from '../../protocol/bytes/index.ts';
import { encodeSmsSubmit } from '../../protocol/sms/sms-submit.ts';
import { fleetOnPostgres } from '../support/server-fleet.ts';
import { ADAPTOR_SETTINGS, SERVER_NUMBER } from './gateway/gateway-harness.ts';
import type { RpcClient } from './support/rpc-client.ts';
import { postgresAvailable } from './support/postgres.ts';
import { PROCESS_TOKENS } from './support/server-process.ts';

const A = '+14088675309';
const B = '+14154443214';
const GATEWAY_TOKEN = 'gateway-token-process-0001';
const ROUNDS = 6;
const CONFIG =
  `banks: [ci]\nfees: []\nsms: { number: "${SERVER_NUMBER}" }\n` +
  `tokens: { gateway: ["${GATEWAY_TOKEN}"] }\nrpc: { ratePerSecond: 100000, burst: 100000 }\n`;

/** The SMS-SUBMIT (hex) A's adaptor sends to pay B 1.00 under `counter`. */
function paymentSms(counter: number): string {
  const request = { keyword: 'PAY' as const, amount: '1', target: B.slice(1), pin: '1111' };
  const sealed = sealForServer(
    requestData(request),
    counter,
    ADAPTOR_SETTINGS,
    new NodeBlockCipherEngine(),
  );
  return toHex(encodeSmsSubmit(securedSubmit(sealed, SERVER_NUMBER, 0, counter)));
}

/** The TPDUs (hex) sent to A through `client`'s gateway connection, oldest first. */
const sentToA = (client: RpcClient) =>
  client.notifications
    .filter((n) => n.method === 'sms.outbound' && n.params['to'] === A)
    .map((n) => String(n.params['tpdu']));

describe.skipIf(!postgresAvailable())('two server processes sharing the SMS gateway', () => {
  const { fleet, start } = fleetOnPostgres(CONFIG);

  it('runs a secured SMS posted to both at once once; both send its reply', async () => {
    const [first, second] = await start(2);
    const operator = await fleet.connect(first!, PROCESS_TOKENS.SIMPAY_OPERATOR_TOKEN);
    await operator.ok('member.register', { msisdn: A, pin: '1111' });
    await operator.ok('member.register', { msisdn: B, pin: '2222' });
    await operator.ok('funds.load', { msisdn: A, amount: '100.00', reference: 'cash-a' });
    const { kic: kicKey, kid: kidKey } = ADAPTOR_SETTINGS.keys;
    await operator.ok('device.register', { msisdn: A, kicKey, kidKey });
    const gateways = [
      await fleet.connect(first!, GATEWAY_TOKEN),
      await fleet.connect(second!, GATEWAY_TOKEN),
    ];

    for (let counter = 1; counter <= ROUNDS; counter++) {
      const tpdu = paymentSms(counter);
      const results = await Promise.all(
        gateways.map((g) => g.ok('sms.inbound', { from: A, tpdu })),
      );
      expect(results.map((r) => r['outcome']).sort()).toEqual(['executed', 'retransmission']);
    }
    const [one, two] = gateways.map(sentToA);
    expect(one).toHaveLength(ROUNDS);
    expect(two).toEqual(one);
    const device = await fleet.connect(second!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const balance = await device.ok('account.balance', { msisdn: A, pin: '1111' });
    expect(balance['available']).toBe(`${100 - ROUNDS}.00`);
  });
});
