// One emulated handset of a scenario: the virtual SIM from its profile, the SIM adaptor in front of
// it when asked (TS 102 223 toolkit menu, TS 31.115 secured SMS), the handset machine on a
// simulated clock, its SMS through the simulated SMS centre, and the SIM that can be pulled out.
import { SimulatedClock } from 'xstate';
import { loadProfile } from '../../bridge/profile-store/profile-store.ts';
import type { NodeBlockCipherEngine } from '../../bridge/crypto/node-block-cipher.ts';
import { untilIdle } from '../../cli/handset-adaptor.ts';
import {
  adaptorConfig,
  createAdaptor,
  memoryStorage,
  type Adaptor,
  type AdaptorSettings,
} from '../../firmware-sim/adaptor/index.ts';
import type { CardLink } from '../../firmware-sim/card-link.ts';
import { CardChannel } from '../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../firmware-sim/handset/handset-client.ts';
import { memoryVoice, type UserAnswer, type UserPort } from '../../firmware-sim/handset/ports.ts';
import { createVirtualSim, virtualSimLink } from '../../firmware-sim/virtual-sim/index.ts';
import { decodeSmsDeliver } from '../../protocol/sms/sms-deliver.ts';
import { messageText } from '../../protocol/sms/text-messages.ts';
import type { TraceSink } from '../../protocol/trace/index.ts';
import { handsetCarrierPort } from '../carrier/carrier-ports.ts';
import type { Smsc } from '../carrier/smsc.ts';
import type { MtSms } from '../carrier/smsc-types.ts';
import type { ScenarioHandset } from './scenario-types.ts';

/** Thrown when a handset cannot be brought up (profile, PIN, SIM state). */
export class HandsetSetupError extends Error {
  override readonly name = 'HandsetSetupError';
}

/** What a scenario handset is built with. */
export interface HandsetDeps {
  readonly smsc: Smsc;
  /** Adaptor settings of this handset (keys shared with the gateway), when it has an adaptor. */
  readonly settings: AdaptorSettings | undefined;
  readonly cipher: NodeBlockCipherEngine;
  readonly trace: TraceSink | undefined;
}

/** Whether the SIM is in its slot, shared by the slot link and the phone. */
interface Slot {
  pulled: boolean;
}

/** The SIM behind a slot: a pulled card fails every exchange, as a reader with no card does. */
function slotLink(sim: CardLink, slot: Slot): CardLink {
  const gone = () => Promise.reject(new Error('no card in the slot'));
  return {
    reset: () => (slot.pulled ? gone() : sim.reset()),
    transmit: (apdu) => (slot.pulled ? gone() : sim.transmit(apdu)),
  };
}

/** A handset in the run: its machine, the texts it received, and the SIM slot. */
export class ScenarioPhone {
  /** Texts shown to the user from SMS received (plain, or opened by the adaptor). */
  readonly received: string[] = [];
  /** Why the adaptor refused secured SMS from the server. */
  readonly refusedByAdaptor: string[] = [];
  client: HandsetClient;
  private readonly answers: UserAnswer[] = [];

  private constructor(
    readonly msisdn: string,
    readonly adaptor: Adaptor | undefined,
    private readonly slot: Slot,
    private readonly simPin: string | undefined,
    private readonly link: CardLink,
    private readonly deps: HandsetDeps,
  ) {
    adaptor?.onNotice((notice) => {
      if (notice.type === 'sms.plaintext') this.received.push(notice.text);
      if (notice.type === 'sms.rejected') this.refusedByAdaptor.push(notice.reason);
    });
    this.client = this.newClient();
  }

  /** Loads the profile, builds the SIM (and adaptor), attaches to the SMS centre and powers on. */
  static async open(handset: ScenarioHandset, deps: HandsetDeps): Promise<ScenarioPhone> {
    if (handset.sim.kind !== 'virtual')
      throw new HandsetSetupError(
        `${handset.msisdn}: scenarios run virtual SIMs only, not the reader '${handset.sim.reader}'`,
      );
    const profile = await loadProfile(handset.profile);
    const slot: Slot = { pulled: false };
    const sim = slotLink(virtualSimLink(createVirtualSim(profile)), slot);
    const adaptor = deps.settings
      ? createAdaptor({
          sim,
          storage: memoryStorage(deps.settings),
          cipher: deps.cipher,
          config: adaptorConfig(deps.settings),
          clock: new SimulatedClock(),
        })
      : undefined;
    const simPin = profile.pin1.enabled ? profile.pin1.value : undefined;
    const phone = new ScenarioPhone(
      handset.msisdn,
      adaptor,
      slot,
      simPin,
      adaptor?.link ?? sim,
      deps,
    );
    deps.smsc.attach(handset.msisdn, (sms) => phone.receive(sms));
    await phone.powerOn();
    return phone;
  }

  private async receive(sms: MtSms): Promise<void> {
    if (sms.kind !== 'deliver') return;
    if (this.slot.pulled) throw new Error('no SIM: the SMS is not acknowledged');
    this.client.deliver(sms);
    await untilIdle(this.client);
  }

  private newClient(): HandsetClient {
    const user: UserPort = {
      pin: () => Promise.resolve(this.simPin),
      answer: () => Promise.resolve(this.answers.shift() ?? { kind: 'none' }),
    };
    const ports = {
      channel: new CardChannel(this.link, this.deps.trace),
      carrier: handsetCarrierPort(this.deps.smsc, this.msisdn),
      voice: memoryVoice(),
      user,
    };
    const client = new HandsetClient({ ports }, new SimulatedClock());
    client.on('sms.received', (e) => {
      if (e.outcome.kind !== 'forHandset') return;
      const text = messageText(decodeSmsDeliver(e.outcome.sms.tpdu));
      if (text !== undefined) this.received.push(text);
    });
    return client;
  }

  private async powerOn(): Promise<void> {
    this.client.start();
    const status = await this.client.settled();
    if (status !== 'READY')
      throw new HandsetSetupError(`${this.msisdn}: the handset did not start (${status})`);
    await untilIdle(this.client);
  }

  /** True while the SIM is out of the handset. */
  get simPulled(): boolean {
    return this.slot.pulled;
  }

  /** Queues what the user types or chooses at the next toolkit questions. */
  answer(answers: readonly UserAnswer[]): void {
    this.answers.length = 0;
    this.answers.push(...answers);
  }

  /** The card is pulled out: the adaptor and the handset lose it. */
  pullSim(): void {
    this.slot.pulled = true;
    this.adaptor?.cardRemoved();
  }

  /** The card is put back and the handset powers up again. */
  async insertSim(): Promise<void> {
    this.slot.pulled = false;
    this.adaptor?.cardInserted();
    this.client.stop();
    this.client = this.newClient();
    await this.powerOn();
  }

  stop(): void {
    this.client.stop();
    this.adaptor?.stop();
  }
}
