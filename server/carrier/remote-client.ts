// A handset in another process attached to the simulated carrier over WebSocket (`ws`): it
// attaches with its MSISDN, submits SMS-SUBMITs and gets the TP-MR back, and receives
// deliveries and status reports, acknowledging each once its handler has taken it.
import { WebSocket, type RawData } from 'ws';
import type { CarrierPort } from '../../firmware-sim/handset/ports.ts';
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import {
  parseCarrierMessage,
  REMOTE_MAX_PAYLOAD,
  type CarrierMessage,
  type HandsetMessage,
} from './remote-protocol.ts';
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

/** A remote handset's attachment. */
export class RemoteHandset {
  private readonly pending = new Map<number, (m: CarrierMessage) => void>();
  private nextRef = 1;
  private attached: ((m: CarrierMessage) => void) | undefined;

  private constructor(
    private readonly ws: WebSocket,
    readonly msisdn: string,
    private readonly onSms: HandsetDelivery,
  ) {
    ws.on('message', (data: RawData) => void this.receive(String(data)));
    ws.on('close', () => this.fail('WS_CLOSED', 'the carrier connection closed'));
  }

  /** Connects to `url` (ws://127.0.0.1:PORT) and attaches `msisdn`; `onSms` gets each delivery. */
  static async connect(
    url: string,
    msisdn: string,
    onSms: HandsetDelivery,
  ): Promise<RemoteHandset> {
    const ws = new WebSocket(url, { maxPayload: REMOTE_MAX_PAYLOAD, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (error) => reject(new RemoteCarrierError('WS_CLOSED', error.message)));
    });
    const handset = new RemoteHandset(ws, msisdn, onSms);
    const answer = await new Promise<CarrierMessage>((resolve) => {
      handset.attached = resolve;
      handset.send({ type: 'attach', msisdn });
    });
    if (answer.type !== 'attached') {
      ws.close();
      throw toError(answer);
    }
    return handset;
  }

  /** Submits an SMS-SUBMIT; resolves to the TP-MR the carrier acknowledged. */
  submit(tpdu: Uint8Array): Promise<number> {
    const ref = this.nextRef++;
    return new Promise((resolve, reject) => {
      this.pending.set(ref, (m) =>
        m.type === 'submitted' ? resolve(m.messageReference) : reject(toError(m)),
      );
      this.send({ type: 'submit', ref, tpdu: toHex(tpdu) });
    });
  }

  /** The handset's CarrierPort over this attachment. */
  carrierPort(): CarrierPort {
    return { submit: (sms) => this.submit(sms.tpdu) };
  }

  /** Detaches and closes the connection. */
  async close(): Promise<void> {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.send({ type: 'detach' });
    this.ws.close(1000);
    await closed;
  }

  private async receive(text: string): Promise<void> {
    let message: CarrierMessage;
    try {
      message = parseCarrierMessage(text);
    } catch {
      this.ws.close(1002, 'invalid message');
      return;
    }
    if (message.type === 'deliver' || message.type === 'report') {
      const kind = message.type === 'deliver' ? 'deliver' : 'statusReport';
      try {
        await this.onSms({
          kind,
          serviceCentre: message.serviceCentre,
          tpdu: fromHex(message.tpdu),
        });
        this.send({ type: 'ack', id: message.id });
      } catch {
        this.send({ type: 'nack', id: message.id });
      }
      return;
    }
    const ref = 'ref' in message ? message.ref : undefined;
    const waiter = ref === undefined ? this.attached : this.pending.get(ref);
    if (ref === undefined) this.attached = undefined;
    else this.pending.delete(ref);
    waiter?.(message);
  }

  private fail(code: string, text: string): void {
    const error: CarrierMessage = { type: 'error', code, message: text };
    for (const waiter of this.pending.values()) waiter(error);
    this.pending.clear();
    this.attached?.(error);
  }

  private send(message: HandsetMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }
}

function toError(message: CarrierMessage): RemoteCarrierError {
  if (message.type === 'error') return new RemoteCarrierError(message.code, message.message);
  return new RemoteCarrierError('WS_MSG_INVALID', `unexpected ${message.type} message`);
}
