// The carrier's WebSocket endpoint (`ws`, 127.0.0.1 by default) for handsets in other processes:
// a connection attaches one MSISDN or many to the SMS centre, submits SMS-SUBMITs and acknowledges
// what it is delivered; an unacknowledged delivery fails after a timeout and the centre retries it.
// Messages to one connection that arise in the same event-loop turn leave as one batch frame.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import {
  handsetMessage,
  readFrame,
  REMOTE_MAX_PAYLOAD,
  RemoteMessageError,
  type CarrierMessage,
  type HandsetMessage,
} from './remote-protocol.ts';
import { FrameOutbox } from './frame-outbox.ts';
import type { Scheduler } from './scheduler.ts';
import type { Smsc } from './smsc.ts';
import { CarrierError, type MtSms } from './smsc-types.ts';

/** Settings of the endpoint. */
export interface RemoteCarrierOptions {
  readonly smsc: Smsc;
  readonly scheduler: Scheduler;
  /** Wait for a handset's ack before the delivery counts as failed, in ms (default 10,000). */
  readonly ackTimeoutMs?: number;
  /** Told when a handset attaches (true) or detaches (false), for logs and tests. */
  readonly onAttachChange?: (msisdn: string, attached: boolean) => void;
}

/** One connection and the numbers attached through it. */
class HandsetConnection {
  private readonly numbers = new Map<string, () => void>();
  private readonly waiting = new Map<number, (ok: boolean) => void>();
  private readonly outbox: FrameOutbox<CarrierMessage>;
  private nextId = 1;

  constructor(
    ws: WebSocket,
    private readonly options: RemoteCarrierOptions,
  ) {
    this.outbox = new FrameOutbox(ws);
  }

  handle(message: HandsetMessage): void {
    if (message.type === 'attach') return this.attach(message.msisdn);
    if (message.type === 'ack' || message.type === 'nack')
      return this.settle(message.id, message.type === 'ack');
    if (message.type === 'detach') return this.detach(message.msisdn);
    try {
      const msisdn = this.sender(message.msisdn);
      const messageReference = this.options.smsc.submit(msisdn, fromHex(message.tpdu));
      this.send({ type: 'submitted', ref: message.ref, messageReference });
    } catch (error) {
      if (!(error instanceof CarrierError)) throw error;
      this.send({ type: 'error', ref: message.ref, code: error.code, message: error.message });
    }
  }

  /** The number a submit comes from: the one named, or the connection's only number. */
  private sender(named: string | undefined): string {
    if (named !== undefined && this.numbers.has(named)) return named;
    if (named === undefined && this.numbers.size === 1) return [...this.numbers.keys()][0]!;
    throw new CarrierError(
      'SMSC_NOT_ATTACHED',
      named === undefined && this.numbers.size > 1
        ? 'name the msisdn: several numbers are attached'
        : 'attach with an MSISDN before submitting',
    );
  }

  private attach(msisdn: string): void {
    try {
      if (this.numbers.has(msisdn))
        throw new CarrierError('SMSC_ALREADY_ATTACHED', `already attached as ${msisdn}`);
      const detach = this.options.smsc.attach(msisdn, (sms) => this.deliver(msisdn, sms));
      this.numbers.set(msisdn, detach);
    } catch (error) {
      if (!(error instanceof CarrierError)) throw error;
      return this.send({ type: 'error', msisdn, code: error.code, message: error.message });
    }
    this.send({ type: 'attached', msisdn });
    this.options.onAttachChange?.(msisdn, true);
  }

  private deliver(msisdn: string, sms: MtSms): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const cancel = this.options.scheduler.schedule(this.options.ackTimeoutMs ?? 10_000, () =>
        this.settle(id, false),
      );
      this.waiting.set(id, (ok) => {
        cancel();
        if (ok) resolve();
        else reject(new Error(`delivery ${id} not acknowledged`));
      });
      const type = sms.kind === 'deliver' ? 'deliver' : 'report';
      const { serviceCentre } = sms;
      this.send({ type, id, msisdn, serviceCentre, tpdu: toHex(sms.tpdu) });
    });
  }

  private settle(id: number, ok: boolean): void {
    const settle = this.waiting.get(id);
    this.waiting.delete(id);
    settle?.(ok);
  }

  /** Detaches `msisdn`, or every number; answers with `detached`. */
  private detach(msisdn: string | undefined): void {
    if (msisdn === undefined) this.close();
    else this.drop(msisdn);
    this.send(msisdn === undefined ? { type: 'detached' } : { type: 'detached', msisdn });
  }

  private drop(msisdn: string): void {
    const detach = this.numbers.get(msisdn);
    if (detach === undefined) return;
    this.numbers.delete(msisdn);
    detach();
    this.options.onAttachChange?.(msisdn, false);
  }

  /** Detaches every number; deliveries still waiting count as failed. */
  close(): void {
    for (const msisdn of [...this.numbers.keys()]) this.drop(msisdn);
    for (const id of [...this.waiting.keys()]) this.settle(id, false);
  }

  /** Queues `message`; the queue leaves at the end of this event-loop turn or when a batch is full. */
  send(message: CarrierMessage): void {
    this.outbox.push(message);
  }
}

/** The WebSocket endpoint; `listen` binds it, `close` ends every attachment. */
export class RemoteCarrierServer {
  private wss: WebSocketServer | undefined;
  private readonly attachments = new Set<HandsetConnection>();

  constructor(private readonly options: RemoteCarrierOptions) {}

  /** Listens on `host:port` (port 0 picks a free one); resolves to the bound port. */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    const wss = new WebSocketServer({
      host,
      port,
      maxPayload: REMOTE_MAX_PAYLOAD,
      perMessageDeflate: false,
    });
    this.wss = wss;
    wss.on('connection', (ws) => this.connection(ws));
    return new Promise((resolve, reject) => {
      wss.once('error', reject);
      wss.once('listening', () => resolve((wss.address() as AddressInfo).port));
    });
  }

  private connection(ws: WebSocket): void {
    const attachment = new HandsetConnection(ws, this.options);
    this.attachments.add(attachment);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      try {
        if (isBinary) throw new RemoteMessageError('binary frames are not part of the protocol');
        for (const value of readFrame(rawText(data))) handleOne(attachment, value);
      } catch (error) {
        if (!(error instanceof RemoteMessageError)) ws.close(1011, 'internal error');
        else attachment.send({ type: 'error', code: error.code, message: error.message });
      }
    });
    ws.on('close', () => {
      attachment.close();
      this.attachments.delete(attachment);
    });
  }

  /** Stops listening and closes every connection. */
  close(): Promise<void> {
    for (const a of this.attachments) a.close();
    const wss = this.wss;
    if (!wss) return Promise.resolve();
    for (const ws of wss.clients) ws.terminate();
    return new Promise((resolve) => wss.close(() => resolve()));
  }
}

/** Handles one message of a frame; a refusal is answered and the frame goes on. */
function handleOne(attachment: HandsetConnection, value: unknown): void {
  try {
    attachment.handle(handsetMessage(value));
  } catch (error) {
    if (!(error instanceof RemoteMessageError || error instanceof CarrierError)) throw error;
    attachment.send({ type: 'error', code: error.code, message: error.message });
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
