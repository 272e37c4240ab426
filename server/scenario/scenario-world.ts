// The world a scenario runs in: simulated time (ManualScheduler) driving the server clock and the
// SMS centre, the server core (ledger, members, payments, SMS gateway) behind its short code, the
// voice switch with the IVR at its number, the members with their opening loads, and the handsets.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { NodeBlockCipherEngine } from '../../bridge/crypto/node-block-cipher.ts';
import { parseAdaptorSettings, type AdaptorSettings } from '../../firmware-sim/adaptor/index.ts';
import { createRandom, type RandomSource } from '../../modem/random.ts';
import type { CommandTable } from '../../modem/voice/command-table.ts';
import type { VoiceKeys } from '../../modem/voice/payload-cipher-aes.ts';
import { toHex } from '../../protocol/bytes/index.ts';
import { porStatusOf, type PorStatus } from '../../protocol/ota/status.ts';
import { decodeSmsDeliver } from '../../protocol/sms/sms-deliver.ts';
import { messageText } from '../../protocol/sms/text-messages.ts';
import type { TraceSink } from '../../protocol/trace/index.ts';
import { applicationOutbound } from '../carrier/carrier-ports.ts';
import { ManualScheduler } from '../carrier/scheduler.ts';
import { Smsc } from '../carrier/smsc.ts';
import { VoiceSwitch } from '../carrier/voice-switch.ts';
import { parseConfig } from '../config/config.ts';
import { paymentIvr, type PaymentIvr } from '../ivr/payment-ivr.ts';
import { VoicePayments } from '../ivr/payment-requests.ts';
import { withSmsReceipts, type VoiceReceiptOptions } from '../ivr/voice-receipts.ts';
import { openServerCore, type ServerCore } from '../core.ts';
import { readDevice } from '../gateway/device-registry.ts';
import { newDevice } from '../gateway/device-setup.ts';
import type { InboundResult } from '../gateway/gateway.ts';
import { PID_SIM_DATA_DOWNLOAD } from '../gateway/secured-reply.ts';
import { plainDelivers, smsTimestamp, type SmsOutbound } from '../gateway/outbound.ts';
import { formatAmount } from '../ledger/money.ts';
import { ScenarioPhone } from './scenario-handset.ts';
import type { Scenario } from './scenario-types.ts';
import { CALL_RATE, callModems, loadCommandTable } from './scenario-voice.ts';

/** Factory settings of the adaptors (keys are replaced per handset). */
const ADAPTOR_SETTINGS = new URL('../../fixtures/adaptor/test-adaptor.json', import.meta.url);
/** Most scheduler tasks one step may run before the run is declared stuck. */
export const MAX_TASKS_PER_STEP = 200_000;

/** Options of a world. */
export interface WorldOptions {
  /** `sqlite:FILE`. */
  readonly db: string;
  readonly trace?: TraceSink;
  /** Keep the audio of every call. */
  readonly recordCalls?: boolean;
  /** The run's simulated time (default a new one), shared with whatever stamps the trace. */
  readonly scheduler?: ManualScheduler;
}

/** One SMS the gateway handled. */
export interface InboundRecord extends InboundResult {
  readonly from: string;
}

/** Everything a run acts on. */
export class ScenarioWorld {
  readonly phones = new Map<string, ScenarioPhone>();
  /** SMS the gateway handled, in order. */
  readonly inbound: InboundRecord[] = [];
  /** Plain texts the gateway sent, by number. */
  readonly sentTexts = new Map<string, string[]>();
  /** The status of the last refusal the gateway sent each number (TS 102 225 response packet). */
  readonly refusals = new Map<string, PorStatus>();
  /** Numbers the server asked the IVR to call back for a PIN. */
  readonly callBacks: string[] = [];
  readonly random: RandomSource;
  readonly table: CommandTable;
  private readonly voiceCounters = new Map<string, number>();

  private constructor(
    readonly scenario: Scenario,
    readonly scheduler: ManualScheduler,
    readonly smsc: Smsc,
    readonly core: ServerCore,
    readonly voice: VoiceSwitch,
  ) {
    this.random = createRandom(scenario.seed ^ 0x5ca1ab1e);
    this.table = loadCommandTable();
  }

  /** Builds the world: server, carrier, members with their opening balances, handsets. */
  static async open(scenario: Scenario, options: WorldOptions): Promise<ScenarioWorld> {
    const scheduler = options.scheduler ?? new ManualScheduler();
    const smsc = smscFor(scenario, scheduler);
    /** The world, once built: the server and the switch call into it. */
    const late: { world?: ScenarioWorld } = {};
    const outbound = recordingOutbound(applicationOutbound(smsc, scenario.serverNumber), {
      text: (to, text) => late.world?.noteText(to, text),
      refusal: (to, status) => late.world?.refusals.set(to, status),
    });
    const core = await openServerCore({
      config: parseConfig({ banks: banksOf(scenario), fees: [] }, runEnv()),
      db: options.db,
      clock: { now: () => scheduler.now() },
      serverNumber: scenario.serverNumber,
      outbound,
      callForPin: (msisdn) => late.world?.callBacks.push(msisdn),
    });
    const voice = new VoiceSwitch({
      sampleRate: CALL_RATE,
      seed: scenario.seed,
      services: { [scenario.ivrNumber]: ivrFor(core, receiptSender(core, outbound, scheduler)) },
      uplink: scenario.channel.uplink,
      downlink: scenario.channel.downlink,
      record: options.recordCalls === true,
    });
    const world = new ScenarioWorld(scenario, scheduler, smsc, core, voice);
    late.world = world;
    try {
      await world.populate(options);
    } catch (error) {
      await world.close();
      throw error;
    }
    return world;
  }

  private noteText(to: string, text: string): void {
    const list = this.sentTexts.get(to) ?? [];
    list.push(text);
    this.sentTexts.set(to, list);
  }

  private async populate(options: WorldOptions): Promise<void> {
    const { scenario, core } = this;
    this.smsc.attachApplication(scenario.serverNumber, async (from, tpdu) => {
      this.inbound.push({ from, ...(await core.gateway.handleInboundSms(from, tpdu)) });
    });
    for (const m of scenario.members) {
      await core.service.register({
        msisdn: m.msisdn,
        pin: m.pin,
        bank: m.bank,
        acceptMode: m.acceptMode,
      });
      if (m.balance > 0n)
        await core.service.load({
          msisdn: m.msisdn,
          amount: formatAmount(m.balance),
          reference: `opening-${m.msisdn.slice(1)}`,
        });
      core.gateway.registry.setPlainSmsAllowed(m.msisdn, m.plainSms);
    }
    const factory = parseAdaptorSettings(JSON.parse(readFileSync(ADAPTOR_SETTINGS, 'utf8')));
    const cipher = new NodeBlockCipherEngine();
    for (const h of scenario.handsets) {
      const settings = h.adaptor ? await this.installAdaptor(h.msisdn, factory) : undefined;
      const voice = { switch: this.voice, table: this.table };
      const deps = { smsc: this.smsc, settings, cipher, trace: options.trace, voice };
      this.phones.set(h.msisdn, await ScenarioPhone.open(h, deps));
    }
  }

  /** Keys of its own for the adaptor of `msisdn`, installed at the gateway. */
  private async installAdaptor(msisdn: string, factory: AdaptorSettings): Promise<AdaptorSettings> {
    const key = () => toHex(Uint8Array.from({ length: 16 }, () => this.random.int(256)));
    const keys = { kic: key(), kid: key() };
    const device = newDevice({ msisdn, kicKey: keys.kic, kidKey: keys.kid }, this.scheduler.now());
    await this.core.gateway.registry.put(device);
    return {
      ...factory,
      serverNumber: this.scenario.serverNumber,
      ivrNumber: this.scenario.ivrNumber,
      keys,
    };
  }

  /** The counter for the next sealed voice request of `msisdn` (one higher each call). */
  nextVoiceCounter(msisdn: string): number {
    const next = (this.voiceCounters.get(msisdn) ?? 0) + 1;
    this.voiceCounters.set(msisdn, next);
    return next;
  }

  /** The handset of `msisdn` (the loader made sure it exists). */
  phone(msisdn: string): ScenarioPhone {
    const phone = this.phones.get(msisdn);
    if (!phone) throw new RangeError(`${msisdn} has no handset`);
    return phone;
  }

  /** Runs the carrier until nothing is left to do; false when it did not come to rest. */
  async settle(): Promise<boolean> {
    const ran = await this.scheduler.runUntilIdle(MAX_TASKS_PER_STEP);
    return ran < MAX_TASKS_PER_STEP;
  }

  /** Lets `ms` of simulated time pass. */
  async advance(ms: number): Promise<void> {
    await this.scheduler.advance(ms);
  }

  /** Stops the handsets, releases their readers and closes the server's database. */
  async close(): Promise<void> {
    for (const phone of this.phones.values()) await phone.stop();
    await this.core.close();
  }
}

/** The SMS centre with the scenario's faults, its chance drawn from the scenario's seed. */
function smscFor(scenario: Scenario, scheduler: ManualScheduler): Smsc {
  const { carrier } = scenario;
  return new Smsc(scheduler, createRandom(scenario.seed), {
    faults: carrier.faults,
    routes: carrier.routes,
    ...(carrier.maxAttempts !== undefined ? { maxAttempts: carrier.maxAttempts } : {}),
    ...(carrier.retryIntervalMs !== undefined ? { retryIntervalMs: carrier.retryIntervalMs } : {}),
  });
}

/** Sends the IVR's receipts as plain SMS from the server's short code through `outbound`. */
function receiptSender(core: ServerCore, outbound: SmsOutbound, scheduler: ManualScheduler) {
  let reference = 0;
  return async (msisdn: string, text: string): Promise<void> => {
    const time = smsTimestamp(scheduler.now());
    for (const tpdu of plainDelivers(core.serverNumber, text, time, ++reference))
      await outbound.send(msisdn, tpdu);
  };
}

/**
 * The payment IVR of the server: processRequest on the payment service, counters in its database,
 * and the result of each call payment sent to the payer (and the payee) by SMS.
 */
function ivrFor(core: ServerCore, sendText: VoiceReceiptOptions['sendText']): PaymentIvr {
  const table = loadCommandTable();
  const payments = new VoicePayments({
    service: core.service,
    table,
    transactions: core.transactions,
    releasePin: (msisdn, pin, ticket) => core.gateway.releasePin(msisdn, pin, ticket),
  });
  const { currency, exponent, defaultCountry } = core.service.ctx.config;
  return paymentIvr({
    table,
    sampleRate: CALL_RATE,
    modems: callModems(),
    payments: withSmsReceipts(payments, { table, currency, exponent, defaultCountry, sendText }),
    counters: core.ivrCounters,
    keysOf: (caller) => voiceKeysOf(core, caller),
    engine: new NodeBlockCipherEngine(),
  });
}

/** The AES keys of the adaptor installed for `msisdn`, which also seal its voice requests. */
export function voiceKeysOf(core: ServerCore, msisdn: string): VoiceKeys | undefined {
  const device = readDevice(core.db, msisdn);
  return device ? { kic: device.kicKey, kid: device.kidKey } : undefined;
}

function banksOf(scenario: Scenario): string[] {
  const joined = scenario.steps.flatMap((s) => (s.action.kind === 'join' ? [s.action.bank] : []));
  return [...new Set([...scenario.members.map((m) => m.bank), ...joined])];
}

/** A PIN pepper of this run only: PIN hashes never outlive the run's database. */
function runEnv(): Record<string, string> {
  return { SIMPAY_PIN_PEPPER: toHex(randomBytes(32)) };
}

/** Where the recording outbound port reports. */
interface OutboundNotes {
  text(to: string, text: string): void;
  refusal(to: string, status: PorStatus): void;
}

/** Offset of the status code in a response packet: RPL, RHL, TAR, CNTR, PCNTR (TS 102 225 §5.2.1). */
const RESPONSE_STATUS_OFFSET = 12;

/**
 * The gateway's outbound port, noting the text of every plain SMS it sends and the status of
 * every refusal (a response packet behind IEI 71; the gateway never ciphers its status).
 */
function recordingOutbound(inner: SmsOutbound, notes: OutboundNotes): SmsOutbound {
  return {
    async send(msisdn, tpdu) {
      await inner.send(msisdn, tpdu);
      const deliver = decodeSmsDeliver(tpdu);
      const { header, body } = deliver.userData;
      if (header?.some((ie) => ie.type === 'otaResponse')) {
        const status = porStatusOf(body[RESPONSE_STATUS_OFFSET] ?? -1);
        if (status !== undefined) notes.refusal(msisdn, status);
      }
      if (deliver.pid === PID_SIM_DATA_DOWNLOAD) return;
      const text = messageText(deliver);
      if (text !== undefined) notes.text(msisdn, text);
    },
  };
}
