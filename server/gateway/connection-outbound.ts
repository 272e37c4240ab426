// The gateway's outbound port when the carrier attaches over the WebSocket endpoint: each SMS goes
// to a delivery function (a `sms.outbound` notification to a gateway connection); while none takes
// it, SMS wait in a bounded queue, in order, and are delivered when a carrier attaches. A full queue
// refuses the SMS with an error, so nothing is dropped silently.
import type { SentSms, SmsOutbound } from './outbound.ts';

/** Hands one SMS to an attached carrier; false when none is attached to take it. */
export type SmsDelivery = (sms: SentSms) => boolean;

/** Thrown by `send` when the SMS can be neither delivered nor queued. */
export class OutboundQueueFullError extends Error {
  override readonly name = 'OutboundQueueFullError';
}

/** An SmsOutbound that queues while no carrier is attached. */
export class ConnectionOutbound implements SmsOutbound {
  private readonly queue: SentSms[] = [];
  private delivery: SmsDelivery = () => false;

  /** `limit`: most SMS kept while no carrier is attached (0: refuse at once). */
  constructor(readonly limit: number) {}

  /** SMS waiting for a carrier. */
  get queued(): number {
    return this.queue.length;
  }

  /** Sets where SMS go, and delivers what waits. */
  attach(delivery: SmsDelivery): void {
    this.delivery = delivery;
    this.flush();
  }

  /** Delivers waiting SMS, oldest first, until the carrier stops taking them. */
  flush(): void {
    while (this.queue.length > 0 && this.delivery(this.queue[0]!)) this.queue.shift();
  }

  send(msisdn: string, tpdu: Uint8Array): Promise<void> {
    const sms = { msisdn, tpdu: tpdu.slice() };
    this.flush();
    if (this.queue.length === 0 && this.delivery(sms)) return Promise.resolve();
    if (this.queue.length >= this.limit)
      return Promise.reject(
        new OutboundQueueFullError(`no carrier attached and ${this.limit} SMS already wait`),
      );
    this.queue.push(sms);
    return Promise.resolve();
  }
}
