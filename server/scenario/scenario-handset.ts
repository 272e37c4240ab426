// One emulated handset of a scenario: its SIM (virtual, or a card in a PC/SC reader), the SIM
// adaptor in front of it when asked (TS 102 223 toolkit menu, TS 31.115 secured SMS), the handset
// machine on a simulated clock, its SMS through the simulated SMS centre and, when the run has a
// voice switch, its calls (SET UP CALL, SEND DTMF) through the switch.
import { SimulatedClock } from 'xstate';
import type { NodeBlockCipherEngine } from '../../bridge/crypto/node-block-cipher.ts';
import { untilIdle } from '../../cli/handset-adaptor.ts';
import {
  adaptorConfig,
  createAdaptor,
  keypadVoiceEncoder,
  memoryStorage,
  type Adaptor,
  type AdaptorSettings,
} from '../../firmware-sim/adaptor/index.ts';
import { CardChannel } from '../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../firmware-sim/handset/handset-client.ts';
import { memoryVoice, type UserAnswer, type UserPort } from '../../firmware-sim/handset/ports.ts';
import { generateDtmf } from '../../modem/dtmf/tone-generator.ts';
import type { CommandTable } from '../../modem/voice/command-table.ts';
import { decodeSmsDeliver } from '../../protocol/sms/sms-deliver.ts';
import { messageText } from '../../protocol/sms/text-messages.ts';
import type { TraceSink } from '../../protocol/trace/index.ts';
import { handsetCarrierPort } from '../carrier/carrier-ports.ts';
import type { Smsc } from '../carrier/smsc.ts';
import { handsetVoicePort, type HandsetVoicePort } from '../carrier/voice-ports.ts';
import type { VoiceSwitch } from '../carrier/voice-switch.ts';
import type { MtSms } from '../carrier/smsc-types.ts';
import { HandsetSetupError, openSlotSim, type HandsetSim, type SlotSim } from './scenario-sim.ts';
import type { ScenarioHandset } from './scenario-types.ts';

export { HandsetSetupError };

/** What a scenario handset is built with. */
export interface HandsetDeps {
  readonly smsc: Smsc;
  /** Adaptor settings of this handset (keys shared with the gateway), when it has an adaptor. */
  readonly settings: AdaptorSettings | undefined;
  readonly cipher: NodeBlockCipherEngine;
  readonly trace: TraceSink | undefined;
  /** The voice switch and the command table of the adaptor's voice application. */
  readonly voice?: { readonly switch: VoiceSwitch; readonly table: CommandTable };
}

/** Sample rate of the handset's calls (ITU-T G.711). */
const CALL_RATE = 8000;

/** The handset's keypad tones for SEND DTMF: 100 ms on, 70 ms off, -10 dBm0 (ITU-T Q.23, Q.24). */
export function handsetTones(digits: string): Float32Array {
  return generateDtmf(digits, { sampleRate: CALL_RATE, toneMs: 100, gapMs: 70, levelDbm0: -10 });
}

/** `msisdn: why` for each handset whose reader's card was lost. */
export function lostCards(phones: Iterable<ScenarioPhone>): string[] {
  return [...phones].flatMap((p) => (p.cardLost ? [`${p.msisdn}: ${p.cardLost}`] : []));
}

/** A handset in the run: its machine, the texts it received, and the SIM slot. */
export class ScenarioPhone {
  /** Texts shown to the user from SMS received (plain, or opened by the adaptor). */
  readonly received: string[] = [];
  /** Why the adaptor refused secured SMS from the server. */
  readonly refusedByAdaptor: string[] = [];
  client: HandsetClient;
  /** The handset's calls on the voice switch, when the run has one. */
  readonly voicePort: HandsetVoicePort | undefined;
  /** Why the card in the reader was lost during the run, once it was (it stays lost). */
  cardLost: string | undefined;
  private readonly answers: UserAnswer[] = [];
  private up = false;

  private constructor(
    readonly msisdn: string,
    readonly adaptor: Adaptor | undefined,
    private readonly slot: SlotSim,
    private readonly deps: HandsetDeps,
  ) {
    const voice = deps.voice;
    this.voicePort = voice
      ? handsetVoicePort(voice.switch, msisdn, { sampleRate: CALL_RATE, toneAudio: handsetTones })
      : undefined;
    adaptor?.onNotice((notice) => {
      if (notice.type === 'sms.plaintext') this.received.push(notice.text);
      if (notice.type === 'sms.rejected') this.refusedByAdaptor.push(notice.reason);
    });
    this.client = this.newClient();
  }

  /**
   * Opens the SIM (the profile's virtual SIM or the card in the reader), builds the adaptor in
   * front of it, attaches to the SMS centre and powers on; a reader is released if that fails.
   */
  static async open(handset: ScenarioHandset, deps: HandsetDeps): Promise<ScenarioPhone> {
    const slot = await openSlotSim(handset);
    const adaptor = deps.settings
      ? createAdaptor({
          sim: slot.link,
          storage: memoryStorage(deps.settings),
          cipher: deps.cipher,
          config: adaptorConfig(deps.settings),
          clock: new SimulatedClock(),
          ...(deps.voice
            ? { voiceEncoder: keypadVoiceEncoder(deps.voice.table, handset.msisdn) }
            : {}),
        })
      : undefined;
    const phone = new ScenarioPhone(handset.msisdn, adaptor, slot, deps);
    deps.smsc.attach(handset.msisdn, (sms) => phone.receive(sms));
    try {
      await phone.powerOn();
    } catch (error) {
      await phone.stop();
      throw error;
    }
    phone.up = true;
    return phone;
  }

  /** Which SIM this handset uses. */
  get sim(): HandsetSim {
    return this.slot.used;
  }

  private async receive(sms: MtSms): Promise<void> {
    if (sms.kind !== 'deliver') return;
    if (this.slot.pulled) throw new Error('no SIM: the SMS is not acknowledged');
    this.client.deliver(sms);
    await untilIdle(this.client);
  }

  private newClient(): HandsetClient {
    const user: UserPort = {
      pin: () => Promise.resolve(this.slot.simPin),
      answer: () => Promise.resolve(this.answers.shift() ?? { kind: 'none' }),
    };
    const ports = {
      channel: new CardChannel(this.adaptor?.link ?? this.slot.link, this.deps.trace),
      carrier: handsetCarrierPort(this.deps.smsc, this.msisdn),
      voice: this.voicePort ?? memoryVoice(),
      user,
    };
    const client = new HandsetClient({ ports }, new SimulatedClock());
    client.on('card.fault', (e) => {
      if (this.up && this.slot.used.kind === 'reader' && !this.slot.pulled)
        queueMicrotask(() => this.lose(e.reason));
    });
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

  /**
   * The card in the reader failed (pulled by hand, reader or pcscd gone, no answer within the
   * link's deadline): from now on the handset has no SIM, as after `pullSim`. A fresh handset takes
   * the old one's place at once, in its fault state, so that whoever waits on the old one (an
   * action between two toolkit questions) is answered, and later requests fail at once.
   */
  private lose(reason: string): void {
    this.slot.pulled = true;
    this.cardLost = `the card in the reader '${this.slot.used.reader ?? ''}' failed: ${reason}`;
    const old = this.client;
    this.client = this.newClient();
    this.client.start();
    old.stop();
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

  /** Stops the handset and the adaptor, and releases the reader of a reader SIM. */
  async stop(): Promise<void> {
    this.client.stop();
    this.adaptor?.stop();
    await this.slot.close();
  }
}
