// Handsets in another process attached to the simulated carrier over WebSocket (`ws`): one
// connection carries one handset or many, each attached with its MSISDN; they submit SMS-SUBMITs
// and get the TP-MR back, and receive deliveries and status reports, acknowledged once the
// handset's handler has taken each. Messages arising in one event-loop turn leave as one batch.
import { WebSocket, type RawData } from 'ws';
import type { CarrierPort } from '../../firmware-sim/handset/ports.ts';
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import {
  carrierMessage,
  readFrame,
  REMOTE_MAX_PAYLOAD,
  type CarrierMessage,
  type HandsetMessage,
} from './remote-protocol.ts';
import { FrameOutbox } from './frame-outbox.ts';
import type { HandsetDelivery } from './smsc-types.ts';

/** A carrier refusal or a broken connection, as the remote handset sees it. */
export class RemoteCarrierError extends Error {
  override readonly name = 'RemoteCarrierError';
  constructor(
    /** A carrier code (SMSC_QUEUE_FULL, ...), WS_MSG_INVALID or WS_CLOSED. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Waiter = (m: CarrierMessage) => void;

/** One connection to the carrier, shared by the handsets attached through it. */
export class RemoteCarrierLink {
  private readonly pending = new Map<number, Waiter>();
  private readonly attaching = new Map<string, Waiter>();
  private readonly handsets = new Map<string, HandsetDelivery>();
  private readonly outbox: FrameOutbox<HandsetMessage>;
  private nextRef = 1;
  private closed = false;

  private constructor(private readonly ws: WebSocket) {
    this.outbox = new FrameOutbox(ws);
    ws.on('message', (data: RawData) => this.receive(String(data)));
    ws.on('close', () => this.fail('WS_CLOSED', 'the carrier connection closed'));
  }

  /** Connects to `url` (ws://127.0.0.1:PORT). */
  static async connect(url: string): Promise<RemoteCarrierLink> {
    const ws = new WebSocket(url, { maxPayload: REMOTE_MAX_PAYLOAD, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (error) => reject(new RemoteCarrierError('WS_CLOSED', error.message)));
    });
    return new RemoteCarrierLink(ws);
  }

  /** Attaches `msisdn`; `onSms` gets each delivery for it. Rejects with the carrier's refusal. */
  async attach(msisdn: string, onSms: HandsetDelivery): Promise<RemoteAttachment> {
    if (this.closed) throw new RemoteCarrierError('WS_CLOSED', 'the carrier connection closed');
    if (this.attaching.has(msisdn) || this.handsets.has(msisdn))
      throw new RemoteCarrierError('SMSC_ALREADY_ATTACHED', `already attached as ${msisdn}`);
    const answer = await new Promise<CarrierMessage>((resolve) => {
      this.attaching.set(msisdn, resolve);
      this.send({ type: 'attach', msisdn });
    });
    if (answer.type !== 'attached') throw toError(answer);
    this.handsets.set(msisdn, onSms);
    return new RemoteAttachment(this, msisdn);
  }

  /** Submits an SMS-SUBMIT from `msisdn`; resolves to the TP-MR the carrier acknowledged. */
  submit(msisdn: string, tpdu: Uint8Array): Promise<number> {
    const ref = this.nextRef++;
    return new Promise((resolve, reject) => {
      if (this.closed)
        return reject(new RemoteCarrierError('WS_CLOSED', 'the carrier connection closed'));
      this.pending.set(ref, (m) =>
        m.type === 'submitted' ? resolve(m.messageReference) : reject(toError(m)),
      );
      this.send({ type: 'submit', ref, msisdn, tpdu: toHex(tpdu) });
    });
  }

  /** Detaches `msisdn`: the carrier stores what arrives for it from now on. */
  detach(msisdn: string): void {
    if (!this.handsets.delete(msisdn)) return;
    this.send({ type: 'detach', msisdn });
  }

  /** Detaches every handset and closes the connection. */
  async close(): Promise<void> {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.send({ type: 'detach' });
    this.outbox.flush();
    this.ws.close(1000);
    await closed;
  }

  private receive(text: string): void {
    let messages: CarrierMessage[];
    try {
      messages = readFrame(text).map(carrierMessage);
    } catch {
      this.ws.close(1002, 'invalid message');
      return;
    }
    for (const message of messages) this.handle(message);
  }

  private handle(message: CarrierMessage): void {
    if (message.type === 'deliver' || message.type === 'report') return void this.hand(message);
    if (message.type === 'detached') return;
    if ('ref' in message && message.ref !== undefined) {
      const waiter = this.pending.get(message.ref);
      this.pending.delete(message.ref);
      return waiter?.(message);
    }
    const msisdn = 'msisdn' in message ? message.msisdn : undefined;
    if (msisdn === undefined) return;
    const waiter = this.attaching.get(msisdn);
    this.attaching.delete(msisdn);
    waiter?.(message);
  }

  private async hand(message: Extract<CarrierMessage, { type: 'deliver' | 'report' }>) {
    const onSms = this.handsets.get(message.msisdn);
    try {
      if (onSms === undefined) throw new Error(`${message.msisdn} is not attached here`);
      const kind = message.type === 'deliver' ? 'deliver' : 'statusReport';
      await onSms({ kind, serviceCentre: message.serviceCentre, tpdu: fromHex(message.tpdu) });
      this.send({ type: 'ack', id: message.id });
    } catch {
      this.send({ type: 'nack', id: message.id });
    }
  }

  private fail(code: string, text: string): void {
    this.closed = true;
    const error: CarrierMessage = { type: 'error', code, message: text };
    for (const waiter of [...this.pending.values(), ...this.attaching.values()]) waiter(error);
    this.pending.clear();
    this.attaching.clear();
  }

  private send(message: HandsetMessage): void {
    if (!this.closed) this.outbox.push(message);
  }
}

/** One handset attached through a link. */
export class RemoteAttachment {
  constructor(
    private readonly link: RemoteCarrierLink,
    readonly msisdn: string,
  ) {}

  /** Submits an SMS-SUBMIT; resolves to the TP-MR the carrier acknowledged. */
  submit(tpdu: Uint8Array): Promise<number> {
    return this.link.submit(this.msisdn, tpdu);
  }

  /** The handset's CarrierPort over this attachment. */
  carrierPort(): CarrierPort {
    return { submit: (sms) => this.submit(sms.tpdu) };
  }

  /** Detaches the handset (the connection stays for the others). */
  detach(): void {
    this.link.detach(this.msisdn);
  }
}

/** A handset with a connection of its own. */
export class RemoteHandset {
  private constructor(
    private readonly link: RemoteCarrierLink,
    private readonly attachment: RemoteAttachment,
  ) {}

  /** Connects to `url` (ws://127.0.0.1:PORT) and attaches `msisdn`; `onSms` gets each delivery. */
  static async connect(
    url: string,
    msisdn: string,
    onSms: HandsetDelivery,
  ): Promise<RemoteHandset> {
    const link = await RemoteCarrierLink.connect(url);
    try {
      return new RemoteHandset(link, await link.attach(msisdn, onSms));
    } catch (error) {
      await link.close();
      throw error;
    }
  }

  get msisdn(): string {
    return this.attachment.msisdn;
  }

  /** Submits an SMS-SUBMIT; resolves to the TP-MR the carrier acknowledged. */
  submit(tpdu: Uint8Array): Promise<number> {
    return this.attachment.submit(tpdu);
  }

  /** The handset's CarrierPort over this attachment. */
  carrierPort(): CarrierPort {
    return this.attachment.carrierPort();
  }

  /** Detaches and closes the connection. */
  close(): Promise<void> {
    return this.link.close();
  }
}

function toError(message: CarrierMessage): RemoteCarrierError {
  if (message.type === 'error') return new RemoteCarrierError(message.code, message.message);
  return new RemoteCarrierError('WS_MSG_INVALID', `unexpected ${message.type} message`);
}
