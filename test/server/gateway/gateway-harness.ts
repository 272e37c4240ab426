// A gateway over one database (a real SQLite file in a temporary folder by default, or a fresh
// PostgreSQL schema): ledger, members, payments and the gateway tables together, a fake clock, the
// node block cipher, an in-memory outbound port, and an adaptor's settings and uplink SMS built
// with the adaptor's own code.
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import {
  requestData,
  type PaymentRequest,
} from '../../../firmware-sim/adaptor/generator/payment-request.ts';
import { securedSubmit } from '../../../firmware-sim/adaptor/generator/server-sms.ts';
import { sealForServer } from '../../../firmware-sim/adaptor/secured-channel.ts';
import type { AdaptorSettings } from '../../../firmware-sim/adaptor/settings.ts';
import type { WindowPolicy } from '../../../protocol/ota/counter-check.ts';
import { decodeSmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { messageText, textSubmits } from '../../../protocol/sms/text-messages.ts';
import type { CounterPolicyMode } from '../../../server/gateway/device-records.ts';
import { newDevice } from '../../../server/gateway/device-setup.ts';
import { SmsGateway } from '../../../server/gateway/gateway.ts';
import { MemoryOutbound } from '../../../server/gateway/outbound.ts';
import type { GatewayStores } from '../../../server/stores.ts';
import { SQLITE_GATEWAY, type GatewayBackend } from '../../support/gateway-backends.ts';
import { FakeClock } from '../support/fake-clock.ts';

/** A PIN pepper for tests only (the server reads it from SIMPAY_PIN_PEPPER). */
const TEST_ENV = { SIMPAY_PIN_PEPPER: 'gateway-pepper-for-tests-only' };

export const SERVER_NUMBER = '+15550001000';
export const ALICE = '+14088675309';
export const BOB = '+14085551212';
export const CAROL = '+14085550123';
export const ALICE_PIN = '8642';
export const BOB_PIN = '9753';

/** Adaptor settings with the payment keys shared with the gateway. */
export const ADAPTOR_SETTINGS: AdaptorSettings = {
  serverNumber: SERVER_NUMBER,
  ivrNumber: '+15550002000',
  keys: { kic: '000102030405060708090a0b0c0d0e0f', kid: '101112131415161718191a1b1c1d1e1f' },
  managementKeys: {
    kic: '202122232425262728292a2b2c2d2e2f',
    kid: '303132333435363738393a3b3c3d3e3f',
  },
  uplinkCounter: 0,
  downlinkCounter: 0,
  managementCounter: 0,
  applications: { generator: true, voice: false },
  blockPlaintextToServer: true,
};

export interface HarnessOptions {
  readonly policy?: WindowPolicy;
  readonly pinWindowMs?: number;
  /** The database (default: SQLite). */
  readonly backend?: GatewayBackend;
}

/** Builds the whole stack; call `close()` after the test. */
export async function gatewayHarness(options: HarnessOptions = {}) {
  const clock = new FakeClock();
  const world = await (options.backend ?? SQLITE_GATEWAY).open(clock, TEST_ENV);
  const { service } = world;
  const outbound = new MemoryOutbound();
  const engine = new NodeBlockCipherEngine();
  const calls: string[] = [];
  const build = (stores: GatewayStores) =>
    new SmsGateway({
      registry: stores.registry,
      handles: stores.handles,
      recent: stores.recent,
      pinHolds: stores.pinHolds,
      service,
      outbound,
      engine,
      clock,
      serverNumber: SERVER_NUMBER,
      callForPin: (msisdn) => void calls.push(msisdn),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.pinWindowMs ? { pinWindowMs: options.pinWindowMs } : {}),
    });
  const gateway = build(world);
  /** A second gateway as a restarted process builds it: new store objects on the same database. */
  const restarted = () => build(world.reopen());

  async function member(msisdn: string, pin: string, load: string) {
    await service.register({ msisdn, pin });
    if (load !== '0')
      await service.load({ msisdn, amount: load, reference: `load-${msisdn.slice(1)}` });
  }

  async function installAdaptor(msisdn: string, mode: CounterPolicyMode = 'window') {
    const { kic: kicKey, kid: kidKey } = ADAPTOR_SETTINGS.keys;
    await gateway.registry.put(newDevice({ msisdn, kicKey, kidKey, mode }, clock.now()));
  }

  /** The command packet an adaptor sends for `request` with `counter`. */
  const packetFor = (request: PaymentRequest, counter: number) =>
    sealForServer(requestData(request), counter, ADAPTOR_SETTINGS, engine);

  /** The SMS-SUBMIT TPDU the adaptor's SEND SHORT MESSAGE carries for `packet`. */
  const submitFor = (packet: Uint8Array, counter: number) =>
    encodeSmsSubmit(securedSubmit(packet, SERVER_NUMBER, 0, counter));

  /** Plain text SMS-SUBMIT TPDUs a handset sends. */
  const textFrom = (text: string) => textSubmits(SERVER_NUMBER, text).map(encodeSmsSubmit);

  /** Texts of the plain SMS sent to `msisdn`. */
  const textsTo = (msisdn: string) =>
    outbound.to(msisdn).map((s) => messageText(decodeSmsDeliver(s.tpdu)) ?? '');

  async function available(msisdn: string) {
    return (await service.balanceOf(msisdn)).available;
  }

  return {
    world,
    clock,
    service,
    gateway,
    restarted,
    outbound,
    engine,
    calls,
    member,
    installAdaptor,
    packetFor,
    submitFor,
    textFrom,
    textsTo,
    available,
    close: () => world.close(),
  };
}

/** What {@link gatewayHarness} builds. */
export type GatewayHarness = Awaited<ReturnType<typeof gatewayHarness>>;

/** How {@link aliceAndBob} sets the members up. */
export interface MembersOptions extends HarnessOptions {
  /** What Alice holds (default 100). */
  readonly aliceLoad?: string;
  /** Whether Alice has the adaptor of {@link ADAPTOR_SETTINGS} (default true). */
  readonly adaptor?: boolean;
}

/** The harness with Alice and Bob (holding nothing) as members. */
export async function aliceAndBob(options: MembersOptions = {}): Promise<GatewayHarness> {
  const h = await gatewayHarness(options);
  await h.member(ALICE, ALICE_PIN, options.aliceLoad ?? '100');
  await h.member(BOB, BOB_PIN, '0');
  if (options.adaptor !== false) await h.installAdaptor(ALICE);
  return h;
}
