// The carrier's WebSocket endpoint (`ws`, 127.0.0.1 by default) for handsets in other processes:
// each connection attaches one MSISDN to the SMS centre, submits SMS-SUBMITs and acknowledges
// what it is delivered; an unacknowledged delivery fails after a timeout and the centre retries it.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import {
  parseHandsetMessage,
  REMOTE_MAX_PAYLOAD,
  RemoteMessageError,
  type CarrierMessage,
  type HandsetMessage,
} from './remote-protocol.ts';
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

interface Waiting {
  readonly settle: (ok: boolean) => void;
}

/** One handset connection. */
class Attachment {
  private detach: (() => void) | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private msisdn = '';

  constructor(
    private readonly ws: WebSocket,
    private readonly options: RemoteCarrierOptions,
  ) {}

  handle(message: HandsetMessage): void {
    if (message.type === 'attach') return this.attach(message.msisdn);
    if (message.type === 'ack' || message.type === 'nack')
      return this.settle(message.id, message.type === 'ack');
    if (message.type === 'detach') {
      this.close();
      return this.send({ type: 'detached' });
    }
    if (!this.detach)
      throw new CarrierError('SMSC_NOT_ATTACHED', 'attach with an MSISDN before submitting');
    try {
      const messageReference = this.options.smsc.submit(this.msisdn, fromHex(message.tpdu));
      this.send({ type: 'submitted', ref: message.ref, messageReference });
    } catch (error) {
      if (!(error instanceof CarrierError)) throw error;
      this.send({ type: 'error', ref: message.ref, code: error.code, message: error.message });
    }
  }

  private attach(msisdn: string): void {
    if (this.detach)
      throw new CarrierError('SMSC_ALREADY_ATTACHED', `already attached as ${this.msisdn}`);
    this.detach = this.options.smsc.attach(msisdn, (sms) => this.deliver(sms));
    this.msisdn = msisdn;
    this.send({ type: 'attached', msisdn });
    this.options.onAttachChange?.(msisdn, true);
  }

  private deliver(sms: MtSms): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const cancel = this.options.scheduler.schedule(this.options.ackTimeoutMs ?? 10_000, () =>
        this.settle(id, false),
      );
      this.waiting.set(id, {
        settle: (ok) => {
          cancel();
          if (ok) resolve();
          else reject(new Error(`delivery ${id} not acknowledged`));
        },
      });
      const type = sms.kind === 'deliver' ? 'deliver' : 'report';
      this.send({ type, id, serviceCentre: sms.serviceCentre, tpdu: toHex(sms.tpdu) });
    });
  }

  private settle(id: number, ok: boolean): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    waiting?.settle(ok);
  }

  /** Detaches from the centre; deliveries still waiting count as failed. */
  close(): void {
    if (this.detach) this.options.onAttachChange?.(this.msisdn, false);
    this.detach?.();
    this.detach = undefined;
    for (const id of [...this.waiting.keys()]) this.settle(id, false);
  }

  send(message: CarrierMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }
}

/** The WebSocket endpoint; `listen` binds it, `close` ends every attachment. */
export class RemoteCarrierServer {
  private wss: WebSocketServer | undefined;
  private readonly attachments = new Set<Attachment>();

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
    const attachment = new Attachment(ws, this.options);
    this.attachments.add(attachment);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      try {
        if (isBinary) throw new RemoteMessageError('binary frames are not part of the protocol');
        attachment.handle(parseHandsetMessage(rawText(data)));
      } catch (error) {
        if (error instanceof RemoteMessageError || error instanceof CarrierError)
          attachment.send({ type: 'error', code: error.code, message: error.message });
        else ws.close(1011, 'internal error');
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

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
