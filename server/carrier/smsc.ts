// The simulated SMS centre (3GPP TS 23.040 §2 store and forward, §9.2.3.25 TP-RD, §9.2.3.26 TP-SRR):
// handsets and short-code applications attach, SMS-SUBMITs become SMS-DELIVERs, and every accepted
// message is delivered at least once through the route's faults, with retries and status reports.
import { formatAddress } from '../../protocol/sms/address.ts';
import { encodeSmsDeliver } from '../../protocol/sms/sms-deliver.ts';
import { encodeSmsStatusReport } from '../../protocol/sms/sms-status-report.ts';
import { TpStatus } from '../../protocol/sms/sms-status-report.ts';
import type { RandomSource } from '../../modem/random.ts';
import type { Scheduler } from './scheduler.ts';
import { SentHistory } from './sent-history.ts';
import {
  checkRouteFaults,
  drawAttempt,
  drawDelay,
  drawLoss,
  faultsFor,
  numberKey,
} from './sms-faults.ts';
import {
  applicationDeliver,
  centreTime,
  decodeSubmit,
  deliverFromSubmit,
  statusReport,
  TP_ST_NO_RESPONSE,
} from './smsc-messages.ts';
import {
  CarrierError,
  type ApplicationReceiver,
  type Endpoint,
  type HandsetDelivery,
  type SmscEvent,
  type SmscEventType,
  type SmscOptions,
  type StoredMessage as Message,
} from './smsc-types.ts';

/** The SMS centre. Time comes only from the scheduler, chance only from the random source. */
export class Smsc {
  readonly address: string;
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly queue = new Map<number, Message>();
  private readonly parked = new Set<Message>();
  private readonly held = new Map<string, Message>();
  private readonly counts = new Map<SmscEventType, number>();
  private readonly sent: SentHistory;
  private nextId = 1;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly random: RandomSource,
    private readonly options: SmscOptions = {},
  ) {
    this.address = options.address ?? '+10000000000';
    this.sent = new SentHistory(options.keepSent ?? 64);
    checkRouteFaults(options.faults ?? {}, 'default faults');
    options.routes?.forEach((r, i) => checkRouteFaults(r.faults, `route ${i + 1}`));
  }

  /** Messages waiting or in delivery. */
  get queued(): number {
    return this.queue.size;
  }

  /** How many times each event happened. */
  count(type: SmscEventType): number {
    return this.counts.get(type) ?? 0;
  }

  /** Attaches a handset; messages stored for it start on their way. Returns the detach function. */
  attach(msisdn: string, deliver: HandsetDelivery): () => void {
    return this.attachEndpoint(msisdn, { kind: 'handset', deliver });
  }

  /** Attaches an application behind a short code (it receives SMS-SUBMITs sent to that code). */
  attachApplication(shortCode: string, receive: ApplicationReceiver): () => void {
    return this.attachEndpoint(shortCode, { kind: 'application', receive });
  }

  /** True when a handset or application is attached under `number`. */
  isAttached(number: string): boolean {
    return this.endpoints.has(numberKey(number));
  }

  /**
   * Accepts an SMS-SUBMIT from `originator` (RP-DATA of TS 24.011) and returns its TP-MR as the
   * RP-ACK does. Throws CarrierError when the TPDU is malformed, a duplicate under TP-RD, or
   * the queue is full.
   */
  submit(originator: string, tpdu: Uint8Array): number {
    const messageReference = this.forward(originator, tpdu);
    this.sent.remember(originator, tpdu);
    return messageReference;
  }

  private forward(originator: string, tpdu: Uint8Array): number {
    const submit = decodeSubmit(tpdu);
    const to = formatAddress(submit.destination);
    const duplicateKey = `${numberKey(originator)}/${submit.messageReference}/${numberKey(to)}`;
    if (
      submit.rejectDuplicates &&
      [...this.queue.values()].some((m) => m.duplicateKey === duplicateKey)
    )
      throw new CarrierError(
        'SMSC_DUPLICATE',
        `SMS with TP-MR ${submit.messageReference} to ${to} is still held (TP-RD set)`,
      );
    const scts = centreTime(this.scheduler.now());
    const report = submit.statusReportRequest
      ? {
          to: originator,
          messageReference: submit.messageReference,
          recipient: submit.destination,
          scts,
        }
      : undefined;
    const deliver = encodeSmsDeliver(deliverFromSubmit(submit, originator, scts));
    this.accept(originator, to, 'deliver', deliver, { submit: tpdu.slice(), report, duplicateKey });
    return submit.messageReference;
  }

  /**
   * Submits again, byte for byte, the `index`th (1-based) or last SMS-SUBMIT `originator` sent
   * among the first ones kept (as an attacker or a faulty network would). Returns its TP-MR.
   */
  replay(originator: string, index: number | 'last'): number {
    return this.forward(originator, this.sent.find(originator, index));
  }

  /**
   * An application behind `shortCode` sends to `to`: an SMS-SUBMIT (made into an SMS-DELIVER) or
   * an SMS-DELIVER it built itself (TP-OA and TP-SCTS are set by the centre). Throws CarrierError.
   */
  sendFromApplication(shortCode: string, to: string, tpdu: Uint8Array): void {
    const bytes = applicationDeliver(tpdu, shortCode, centreTime(this.scheduler.now()));
    this.accept(shortCode, to, 'deliver', bytes, {});
  }

  private attachEndpoint(number: string, endpoint: Endpoint): () => void {
    const key = numberKey(number);
    if (this.endpoints.has(key))
      throw new CarrierError(
        'SMSC_ALREADY_ATTACHED',
        `${number} is already attached to the SMS centre`,
      );
    this.endpoints.set(key, endpoint);
    for (const message of [...this.parked]) {
      if (message.to !== key) continue;
      this.parked.delete(message);
      this.scheduleAttempt(message, 0);
    }
    return () => {
      if (this.endpoints.get(key) === endpoint) this.endpoints.delete(key);
    };
  }

  private accept(
    from: string,
    to: string,
    kind: Message['kind'],
    tpdu: Uint8Array,
    extra: Pick<Partial<Message>, 'submit' | 'report' | 'duplicateKey'>,
  ): void {
    const limit = this.options.maxQueued ?? 10_000;
    if (this.queue.size >= limit)
      throw new CarrierError(
        'SMSC_QUEUE_FULL',
        `SMS centre queue is full (${limit} messages); try again later`,
      );
    const faults = faultsFor(this.options.routes ?? [], this.options.faults ?? {}, from, to);
    const message: Message = {
      id: this.nextId++,
      from,
      to: numberKey(to),
      kind,
      tpdu,
      submit: extra.submit,
      faults,
      report: extra.report,
      duplicateKey: extra.duplicateKey,
      attempts: 0,
      reordered: false,
      cancel: undefined,
    };
    this.emit('accepted', message);
    if (drawLoss(faults, this.random)) return this.emit('lost', message);
    this.queue.set(message.id, message);
    this.scheduleAttempt(message, faults.latencyMs ?? 0);
  }

  private scheduleAttempt(message: Message, baseMs: number): void {
    const ms = drawDelay(message.faults, this.random, baseMs);
    if (ms > baseMs) this.emit('delayed', message);
    message.cancel = this.scheduler.schedule(ms, () => this.attempt(message));
  }

  private async attempt(message: Message): Promise<void> {
    message.cancel = undefined;
    const endpoint = this.endpoints.get(message.to);
    if (!endpoint) {
      this.parked.add(message);
      return this.emit('parked', message);
    }
    message.attempts++;
    const fate = drawAttempt(message.faults, this.random, !message.reordered);
    if (fate.reorder && !this.held.has(message.to)) return this.hold(message);
    if (fate.dropped) {
      this.emit('dropped', message);
      return this.retry(message);
    }
    if (!(await this.hand(endpoint, message))) {
      this.emit('failed', message);
      return this.retry(message);
    }
    this.done(message, 'delivered', TpStatus.received);
    if (fate.duplicate) this.scheduler.schedule(0, () => this.duplicate(message));
    this.release(message.to);
  }

  private hold(message: Message): void {
    message.reordered = true;
    message.attempts--;
    this.held.set(message.to, message);
    this.emit('held', message);
    message.cancel = this.scheduler.schedule(this.options.reorderHoldMs ?? 10_000, () => {
      this.held.delete(message.to);
      return this.attempt(message);
    });
  }

  private release(to: string): void {
    const held = this.held.get(to);
    if (!held) return;
    this.held.delete(to);
    held.cancel?.();
    held.cancel = this.scheduler.schedule(0, () => this.attempt(held));
  }

  private async duplicate(message: Message): Promise<void> {
    const endpoint = this.endpoints.get(message.to);
    if (endpoint && (await this.hand(endpoint, message))) this.emit('duplicated', message);
  }

  private retry(message: Message): void {
    if (message.attempts >= (this.options.maxAttempts ?? 10)) {
      this.done(message, 'expired', TP_ST_NO_RESPONSE);
      return this.release(message.to);
    }
    this.scheduleAttempt(message, this.options.retryIntervalMs ?? 30_000);
  }

  private done(message: Message, type: 'delivered' | 'expired', status: number): void {
    this.queue.delete(message.id);
    this.emit(type, message);
    if (!message.report) return;
    const report = statusReport(message.report, status, centreTime(this.scheduler.now()));
    this.acceptReport(message.report.to, message.to, encodeSmsStatusReport(report));
  }

  private acceptReport(to: string, recipient: string, tpdu: Uint8Array): void {
    try {
      this.accept(recipient, to, 'statusReport', tpdu, {});
    } catch (error) {
      if (!(error instanceof CarrierError)) throw error;
      this.emit('lost', { id: 0, from: recipient, to, kind: 'statusReport', attempts: 0 });
    }
  }

  private async hand(endpoint: Endpoint, message: Message): Promise<boolean> {
    try {
      if (endpoint.kind === 'handset') {
        const { kind, tpdu } = message;
        await endpoint.deliver({ kind, serviceCentre: this.address, tpdu: tpdu.slice() });
        return true;
      }
      if (message.submit === undefined) return false;
      await endpoint.receive(message.from, message.submit.slice());
      return true;
    } catch {
      return false;
    }
  }

  private emit(
    type: SmscEventType,
    message: Pick<Message, 'id' | 'from' | 'to' | 'kind' | 'attempts'>,
  ): void {
    this.counts.set(type, this.count(type) + 1);
    this.options.onEvent?.({
      type,
      id: message.id,
      from: message.from,
      to: message.to,
      kind: message.kind,
      attempt: message.attempts,
      atMs: this.scheduler.now(),
    } satisfies SmscEvent);
  }
}
