// The SMS gateway of the payment server: an SMS-SUBMIT as the carrier delivers it (originating
// MSISDN and TPDU, TS 23.040 §9.2.2.2) goes to the secured path when its user data carries a
// TS 31.115 command packet (concatenated parts reassembled), to the plain path when it is text;
// replies and notices leave through the SmsOutbound port. One message per sender at a time.
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import type { WindowPolicy } from '../../protocol/ota/counter-check.ts';
import { ConcatenationBuffer, joinBodies, joinText } from '../../protocol/sms/concatenation.ts';
import { textAlphabet } from '../../protocol/sms/dcs.ts';
import { findConcat } from '../../protocol/sms/user-data-header.ts';
import { decodeSmsSubmit, type SmsSubmit } from '../../protocol/sms/sms-submit.ts';
import type { Clock } from '../ledger/ledger.ts';
import { MsisdnError, normaliseMsisdn } from '../members/msisdn.ts';
import { KeyedMutex } from '../payments/keyed-mutex.ts';
import type { PaymentErrorCode } from '../payments/errors.ts';
import type { PaymentService } from '../payments/service.ts';
import type { CommandOutcome } from './command-runner.ts';
import { DEFAULT_WINDOW_POLICY } from './counter-policy.ts';
import type { DeviceRecords } from './device-records.ts';
import type { HandleRecords } from './handles.ts';
import { plainDelivers, smsTimestamp, type SmsOutbound } from './outbound.ts';
import { PinCorrelator, type PinHoldRecords } from './pin-correlation.ts';
import { RecentMessages, type RecentMessageRecords } from './recent-messages.ts';
import { handlePlainText, releaseWithPin, type PlainDeps } from './plain-path.ts';
import { handleSecuredPacket, type SecuredDeps } from './secured-path.ts';

/** What the gateway is built from. */
export interface GatewayOptions {
  /** Adaptor devices, their counter windows and replies, and plain-SMS permissions. */
  readonly registry: DeviceRecords;
  /** Members' numbered references to payments. */
  readonly handles: HandleRecords;
  /** Payment references of recent plain SMS, so a network retransmission never pays twice. */
  readonly recent: RecentMessageRecords;
  /** Plain SMS commands waiting for their PIN. */
  readonly pinHolds: PinHoldRecords;
  readonly service: PaymentService;
  readonly outbound: SmsOutbound;
  readonly engine: BlockCipherEngine;
  readonly clock: Clock;
  /** The gateway's number: where members send, and TP-OA of every reply. */
  readonly serverNumber: string;
  readonly policy?: WindowPolicy;
  /** Correlation window for a PIN sent after its command, in ms (default five minutes). */
  readonly pinWindowMs?: number;
  /** Asks the IVR to call a member back for the PIN by DTMF. */
  readonly callForPin?: (msisdn: string) => void;
}

/** What became of one inbound SMS. */
export interface InboundResult {
  readonly path: 'secured' | 'plain' | 'partial' | 'invalid';
  /** The secured outcome ('executed', 'retransmission', 'rejected', ...) or the decode error. */
  readonly outcome: string;
  /** SMS handed to the outbound port. */
  readonly sent: number;
}

/** What a PIN keyed on a call did: the reply text is also sent to the member by SMS. */
export interface PinRelease {
  /** `command` when a held command ran (or was refused by the payment rules). */
  readonly found: 'command' | 'expired' | 'none';
  readonly reply: string;
  /** Why the payment rules refused the released command (a wrong PIN: `PIN_WRONG`). */
  readonly refused?: PaymentErrorCode;
}

/** The SMS gateway: inbound secured and plain SMS, the IVR's PIN hook and operator actions. */
export class SmsGateway {
  readonly registry: DeviceRecords;
  readonly handles: HandleRecords;
  readonly correlator: PinCorrelator;
  private readonly recent: RecentMessages;
  private readonly packets = new ConcatenationBuffer(256);
  private readonly texts = new ConcatenationBuffer(256);
  private readonly mutex = new KeyedMutex();
  private references = 0;

  constructor(private readonly options: GatewayOptions) {
    this.registry = options.registry;
    this.handles = options.handles;
    this.correlator = new PinCorrelator(options.pinHolds, options.clock, options.pinWindowMs);
    this.recent = new RecentMessages(options.recent, options.clock);
  }

  private get country(): string {
    return this.options.service.ctx.config.defaultCountry;
  }

  /** The E.164 form of a number as typed; throws MsisdnError when it is not a number. */
  number(input: string): string {
    return normaliseMsisdn(input, { defaultCountry: this.country });
  }

  private deps(): SecuredDeps & PlainDeps {
    const { service, engine, callForPin } = this.options;
    return {
      service,
      engine,
      registry: this.registry,
      handles: this.handles,
      correlator: this.correlator,
      policy: this.options.policy ?? DEFAULT_WINDOW_POLICY,
      defaultCountry: this.country,
      ...(callForPin ? { callForPin } : {}),
    };
  }

  private envelope() {
    const timestamp = smsTimestamp(this.options.clock.now());
    this.references += 1;
    return {
      serverNumber: this.options.serverNumber,
      timestamp,
      reference: this.references & 0xff,
    };
  }

  /** Handles one SMS-SUBMIT from `from` (the originating MSISDN the carrier reports). */
  async handleInboundSms(from: string, tpdu: Uint8Array): Promise<InboundResult> {
    let msisdn: string;
    let submit: SmsSubmit;
    try {
      msisdn = normaliseMsisdn(from, { defaultCountry: this.country });
      submit = decodeSmsSubmit(tpdu);
    } catch (error) {
      if (error instanceof DecodeError) return { path: 'invalid', outcome: error.code, sent: 0 };
      if (error instanceof MsisdnError) return { path: 'invalid', outcome: error.code, sent: 0 };
      throw error;
    }
    return this.mutex.run([msisdn], () => this.route(msisdn, submit));
  }

  private async route(msisdn: string, submit: SmsSubmit): Promise<InboundResult> {
    const secured = textAlphabet(submit.dcs) === '8bit' && submit.userData.header !== undefined;
    const parts = (secured ? this.packets : this.texts).add(msisdn, submit.userData);
    if (parts === undefined) return { path: 'partial', outcome: 'waiting', sent: 0 };
    if (!secured) {
      const text = joinText(parts, submit.dcs) ?? '';
      const mark = findConcat(parts[0]?.header)?.reference ?? submit.messageReference;
      return this.plain(msisdn, text, await this.recent.referenceFor(msisdn, mark, text));
    }
    const packet = joinBodies(parts);
    const first = parts[0]?.header ?? [];
    if (packet === undefined || !first.some((ie) => ie.type === 'otaCommand'))
      return { path: 'invalid', outcome: 'OTA_UDH_NOT_SECURED', sent: 0 };
    return this.secured(msisdn, packet);
  }

  private async secured(msisdn: string, packet: Uint8Array): Promise<InboundResult> {
    const outcome = await this.registry.withDevice(msisdn, (lease) =>
      lease === undefined
        ? Promise.resolve(undefined)
        : handleSecuredPacket(this.deps(), lease, packet, this.envelope()),
    );
    if (outcome === undefined) return { path: 'secured', outcome: 'unknown-device', sent: 0 };
    for (const reply of outcome.replies) await this.options.outbound.send(msisdn, reply);
    const sent = outcome.replies.length + (await this.notify(outcome.notices));
    return { path: 'secured', outcome: outcome.kind, sent };
  }

  private async plain(msisdn: string, text: string, reference: string): Promise<InboundResult> {
    const outcome = await handlePlainText(this.deps(), msisdn, text, reference);
    return { path: 'plain', outcome: 'answered', sent: await this.deliver(msisdn, outcome) };
  }

  private async deliver(msisdn: string, outcome: CommandOutcome): Promise<number> {
    return (await this.sendText(msisdn, outcome.reply)) + (await this.notify(outcome.notices));
  }

  private async notify(notices: CommandOutcome['notices']): Promise<number> {
    let sent = 0;
    for (const n of notices) sent += await this.sendText(n.msisdn, n.text);
    return sent;
  }

  private async sendText(msisdn: string, text: string): Promise<number> {
    const e = this.envelope();
    const tpdus = plainDelivers(e.serverNumber, text, e.timestamp, e.reference);
    for (const tpdu of tpdus) await this.options.outbound.send(msisdn, tpdu);
    return tpdus.length;
  }

  /**
   * The IVR's hook: the PIN `msisdn` keyed by DTMF on a call-back releases the command waiting
   * for it; the result goes to the member by SMS and is returned for the IVR to speak.
   */
  async pinFromCall(msisdn: string, pin: string): Promise<string> {
    return (await this.releasePin(msisdn, pin)).reply;
  }

  /**
   * Releases the command waiting for `msisdn`'s PIN, as pinFromCall does, and says what happened;
   * with `ticket`, only the command holding that ticket (otherwise nothing runs: `none`).
   */
  async releasePin(msisdn: string, pin: string, ticket?: number): Promise<PinRelease> {
    const number = this.number(msisdn);
    return this.mutex.run([number], async () => {
      if (ticket !== undefined && (await this.correlator.ticketOf(number)) !== ticket)
        return { found: 'none', reply: 'No command is waiting for a PIN.' };
      const outcome = await releaseWithPin(this.deps(), number, pin);
      await this.deliver(number, outcome);
      const { found, reply, refused } = outcome;
      return refused === undefined ? { found, reply } : { found, reply, refused };
    });
  }

  /** Operator action: clears a frozen device. False when the device is unknown. */
  clearFreeze(msisdn: string): Promise<boolean> {
    return this.registry.clearFreeze(normaliseMsisdn(msisdn, { defaultCountry: this.country }));
  }
}

/** The `sms.inbound` entry point: one SMS-SUBMIT (hex TPDU) from `from`. */
export function handleInboundSms(
  gateway: SmsGateway,
  params: { readonly from: string; readonly tpdu: Uint8Array },
): Promise<InboundResult> {
  return gateway.handleInboundSms(params.from, params.tpdu);
}
