// A payment server on an ephemeral 127.0.0.1 port with an in-memory database and a fake clock, its
// three roles' tokens, connected clients closed after each test, and adaptor-built secured SMS.
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import {
  requestData,
  type PaymentRequest,
} from '../../../firmware-sim/adaptor/generator/payment-request.ts';
import { securedSubmit } from '../../../firmware-sim/adaptor/generator/server-sms.ts';
import { sealForServer } from '../../../firmware-sim/adaptor/secured-channel.ts';
import { toHex } from '../../../protocol/bytes/index.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { textSubmits } from '../../../protocol/sms/text-messages.ts';
import { parseConfig } from '../../../server/config/config.ts';
import { startPaymentServer, type RunningServer } from '../../../server/index.ts';
import { ADAPTOR_SETTINGS, SERVER_NUMBER } from '../gateway/gateway-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { TEST_ENV } from '../support/payment-harness.ts';
import { RpcClient } from '../support/rpc-client.ts';

export const OPERATOR = 'operator-token-0000000001';
export const GATEWAY = 'gateway-token-00000000001';
export const DEVICE = 'device-token-000000000001';

/** One running server and the clients opened on it. */
export class ServerUnderTest {
  readonly clients: RpcClient[] = [];
  readonly engine = new NodeBlockCipherEngine();

  private constructor(
    readonly server: RunningServer,
    readonly clock: FakeClock,
  ) {}

  /** Starts a server with the gateway at SERVER_NUMBER and `config` merged in. */
  static async start(config: Record<string, unknown> = {}): Promise<ServerUnderTest> {
    const clock = new FakeClock();
    const server = await startPaymentServer({
      config: parseConfig(
        {
          banks: ['ci'],
          fees: [],
          tokens: { operator: [OPERATOR], gateway: [GATEWAY], device: [DEVICE] },
          sms: { number: SERVER_NUMBER },
          ...config,
        },
        TEST_ENV,
      ),
      db: 'sqlite::memory:',
      host: '127.0.0.1',
      port: 0,
      clock,
    });
    return new ServerUnderTest(server, clock);
  }

  get url(): string {
    return `ws://127.0.0.1:${this.server.port}/rpc`;
  }

  async connect(token: string): Promise<RpcClient> {
    const client = await RpcClient.connect(this.url, token);
    this.clients.push(client);
    return client;
  }

  /** The SMS-SUBMIT (hex) the adaptor sends for `request` under `counter`. */
  securedSms(request: PaymentRequest, counter: number): string {
    const packet = sealForServer(requestData(request), counter, ADAPTOR_SETTINGS, this.engine);
    return toHex(encodeSmsSubmit(securedSubmit(packet, SERVER_NUMBER, 0, counter)));
  }

  /** The SMS-SUBMIT (hex) of a one-part plain text SMS to the gateway. */
  plainSms(text: string): string {
    const [submit] = textSubmits(SERVER_NUMBER, text).map(encodeSmsSubmit);
    return toHex(submit!);
  }

  async close(): Promise<void> {
    for (const c of this.clients.splice(0)) await c.close();
    await this.server.close();
  }
}
